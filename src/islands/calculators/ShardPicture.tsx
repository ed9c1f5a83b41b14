import { useId, useRef } from 'react';
import type { ShardSample } from './blast-radius-model';
import { formatCount } from './format';
import { useElementWidth } from './hooks/useElementWidth';

/** Fleets up to this size are drawn node by node. */
const FULL_GRID_LIMIT = 64;
/** Otherwise, the two customers' nodes are drawn when there are at most this many. */
const UNION_LIMIT = 24;
const CELL = 34;
const GAP = 6;

type Membership = 'a' | 'b' | 'both' | 'none';

function listNodes(nodes: readonly number[]): string {
  const names = nodes.map((node) => formatCount(node + 1));
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** Describes a sample in words: who uses which nodes, and what A's failure does to B. */
export function describeSample(sample: ShardSample): string {
  const { a, b, shared } = sample;
  const base = `Customer A uses ${a.length === 1 ? 'node' : 'nodes'} ${listNodes(a)}; customer B uses ${b.length === 1 ? 'node' : 'nodes'} ${listNodes(b)}.`;
  if (shared.length === 0) return `${base} They share no node, so A's nodes failing leaves B untouched.`;
  if (shared.length === b.length) return `${base} They share every node, so A's nodes failing takes B down too.`;
  return `${base} They share ${shared.length === 1 ? 'node' : 'nodes'} ${listNodes(shared)}; if A's nodes fail, B keeps ${b.length - shared.length} of its ${b.length} and stays up if its clients retry.`;
}

/** Which two nodes' customers use, drawn from a fixed seed: a grid for small fleets, the used nodes for large ones. */
export default function ShardPicture({ nodes, sample }: { nodes: number; sample: ShardSample }) {
  const id = useId();
  const box = useRef<HTMLDivElement>(null);
  const width = Math.max(240, useElementWidth(box, 600));
  const inA = new Set(sample.a);
  const inB = new Set(sample.b);
  const membership = (node: number): Membership => (inA.has(node) ? (inB.has(node) ? 'both' : 'a') : inB.has(node) ? 'b' : 'none');
  const union = [...new Set([...sample.a, ...sample.b])].sort((x, y) => x - y);
  const drawn = nodes <= FULL_GRID_LIMIT ? Array.from({ length: nodes }, (_, node) => node) : union.length <= UNION_LIMIT ? union : null;
  const description = describeSample(sample);
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  const legend = (
    <ul className="shard-legend">
      <li>
        <span className="shard-swatch shard-a" aria-hidden="true">A</span> customer A only
      </li>
      <li>
        <span className="shard-swatch shard-b" aria-hidden="true">B</span> customer B only
      </li>
      <li>
        <span className="shard-swatch shard-both" aria-hidden="true">AB</span> shared
      </li>
    </ul>
  );

  if (drawn === null) {
    const onlyA = sample.a.length - sample.shared.length;
    const onlyB = sample.b.length - sample.shared.length;
    const height = 150;
    const middle = width / 2;
    return (
      <figure className="shard-picture">
        <div ref={box}>
          <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-labelledby={`${titleId} ${descId}`}>
            <title id={titleId}>Two sample customers&rsquo; shards</title>
            <desc id={descId}>{`Customer A has ${onlyA} nodes of its own, customer B has ${onlyB}, and they share ${sample.shared.length}.`}</desc>
            <circle className="shard-venn shard-a" cx={middle - 45} cy={75} r={62} />
            <circle className="shard-venn shard-b" cx={middle + 45} cy={75} r={62} />
            <text className="shard-count" x={middle - 75} y={80} textAnchor="middle">{formatCount(onlyA)}</text>
            <text className="shard-count" x={middle} y={80} textAnchor="middle">{formatCount(sample.shared.length)}</text>
            <text className="shard-count" x={middle + 75} y={80} textAnchor="middle">{formatCount(onlyB)}</text>
          </svg>
        </div>
        <figcaption className="calc-chart-caption">
          Nodes only A uses, shared, and only B uses. {description}
        </figcaption>
      </figure>
    );
  }

  const columns = Math.max(1, Math.min(drawn.length, Math.floor((width + GAP) / (CELL + GAP))));
  const rowsNeeded = Math.ceil(drawn.length / columns);
  const partial = nodes > FULL_GRID_LIMIT;
  const rowHeight = CELL + GAP + 14;
  const height = rowsNeeded * rowHeight;
  const gridWidth = columns * (CELL + GAP) - GAP;
  return (
    <figure className="shard-picture">
      <div ref={box}>
        <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-labelledby={`${titleId} ${descId}`}>
          <title id={titleId}>
            {partial ? `The nodes two sample customers use, out of ${formatCount(nodes)}` : `All ${formatCount(nodes)} nodes and two sample customers' shards`}
          </title>
          <desc id={descId}>{description}</desc>
          {drawn.map((node, index) => {
            const kind = membership(node);
            const x = (width - gridWidth) / 2 + (index % columns) * (CELL + GAP);
            const y = Math.floor(index / columns) * rowHeight;
            return (
              <g key={node}>
                <rect className={`shard-node shard-${kind}`} x={x} y={y} width={CELL} height={CELL} rx={5} />
                {kind === 'none' ? null : (
                  <text className="shard-letter" x={x + CELL / 2} y={y + CELL / 2} dy="0.35em" textAnchor="middle">
                    {kind === 'both' ? 'AB' : kind.toUpperCase()}
                  </text>
                )}
                <text className="shard-index" x={x + CELL / 2} y={y + CELL + 12} textAnchor="middle">
                  {formatCount(node + 1)}
                </text>
              </g>
            );
          })}
        </svg>
      </div>
      {legend}
      <figcaption className="calc-chart-caption">
        {partial ? `Only the ${formatCount(union.length)} nodes these two customers use are drawn, numbered from 1; the other ${formatCount(nodes - union.length)} are left out. ` : ''}
        {description}
      </figcaption>
    </figure>
  );
}
