/**
 * The embeddable pages: each full page (`/simulator/`, `/tools/sizing/` …) has a chrome-free copy
 * under `/embed/` that reads the same query parameters, so any link's query works on both.
 */
import { BASE, withBase, withoutBase } from './base-path';

export interface EmbedInfo {
  /** Short name, also the iframe `name` the snippet gives it (sent back as the height message's `id`). */
  slug: string;
  /** The embed's site path, such as `/embed/tools/sizing/`. */
  path: string;
  /** The full page with the same state, such as `/tools/sizing/`. */
  fullPath: string;
  title: string;
  /** One line on what it shows. */
  summary: string;
  /** An example query the snippet on /embed/ uses, to show that links carry state. */
  exampleQuery: string;
  /** A starting iframe height in pixels, before the first height message arrives. */
  initialHeight: number;
}

export const EMBEDS: readonly EmbedInfo[] = [
  {
    slug: 'simulator',
    path: '/embed/simulator/',
    fullPath: '/simulator/',
    title: 'Pool simulator',
    summary: 'A shared pool against partitioned pools, side by side, with faults to inject.',
    exampleQuery: '?preset=hung-search',
    initialHeight: 1200,
  },
  {
    slug: 'sizing',
    path: '/embed/tools/sizing/',
    fullPath: '/tools/sizing/',
    title: 'Pool sizing calculator',
    summary: 'How many slots and queue places a pool needs for a traffic and a target.',
    exampleQuery: '?rate=120&mean=50',
    initialHeight: 900,
  },
  {
    slug: 'isolation-price',
    path: '/embed/tools/isolation-price/',
    fullPath: '/tools/isolation-price/',
    title: 'Price of isolation calculator',
    summary: 'How many more slots N isolated pools need than one shared pool.',
    exampleQuery: '?parts=4',
    initialHeight: 900,
  },
  {
    slug: 'blast-radius',
    path: '/embed/tools/blast-radius/',
    fullPath: '/tools/blast-radius/',
    title: 'Blast radius calculator',
    summary: 'How many customers one bad node or shard takes down, with cells or shuffle shards.',
    exampleQuery: '?nodes=8&k=2',
    initialHeight: 900,
  },
  {
    slug: 'roi',
    path: '/embed/tools/roi/',
    fullPath: '/tools/roi/',
    title: 'ROI calculator',
    summary: 'Whether isolating pays for itself, from outage cost against build and running cost.',
    exampleQuery: '?years=5',
    initialHeight: 900,
  },
  {
    slug: 'availability',
    path: '/embed/tools/availability/',
    fullPath: '/tools/availability/',
    title: 'Availability calculator',
    summary: 'Nines, percentages and downtime budgets, converted and combined.',
    exampleQuery: '?from=nines&nines=4',
    initialHeight: 900,
  },
];

/** The embed for a site path (with or without the base), or undefined. */
export function embedForPath(pathname: string, base: string = BASE): EmbedInfo | undefined {
  const path = withoutBase(pathname, base);
  const withSlash = path.endsWith('/') ? path : `${path}/`;
  return EMBEDS.find((embed) => embed.path === withSlash);
}

/**
 * The address of the full page showing the same state as an embed: its base-aware path and the
 * embed's current query (`?rate=120`), without the fragment.
 */
export function fullPageHref(embed: EmbedInfo, search: string, base: string = BASE): string {
  const query = search === '' || search === '?' ? '' : search.startsWith('?') ? search : `?${search}`;
  return `${withBase(embed.fullPath, base)}${query}`;
}

/** The embed named `slug`; throws (failing the build) for a name not in {@link EMBEDS}. */
export function embedBySlug(slug: string): EmbedInfo {
  const embed = EMBEDS.find((entry) => entry.slug === slug);
  if (!embed) throw new Error(`No embed named "${slug}". Known: ${EMBEDS.map((entry) => entry.slug).join(', ')}.`);
  return embed;
}
