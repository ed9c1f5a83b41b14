/** /embed/elements.js: the embeds as custom elements, for other sites (see src/lib/embed-elements.ts). */
import type { APIRoute } from 'astro';
import { elementsSource } from '../../lib/embed-elements';

export const GET: APIRoute = () => new Response(elementsSource(), { headers: { 'Content-Type': 'text/javascript; charset=utf-8' } });
