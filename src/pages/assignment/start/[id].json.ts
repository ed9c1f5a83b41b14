/**
 * `/assignment/start/<exercise id>.json`: an exercise's start files, fetched by the assignment page
 * only when a learner downloads a submission and has never edited that exercise.
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { getCollection } from 'astro:content';
import { exerciseSources } from '../../../lib/exercise-sources';

export const getStaticPaths = (async () => {
  const exercises = await getCollection('exercises');
  return exercises.map((entry) => ({ params: { id: entry.data.id }, props: { start: exerciseSources(entry.id, entry.data.files).start } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) => new Response(JSON.stringify(props['start']), { headers: { 'Content-Type': 'application/json' } });
