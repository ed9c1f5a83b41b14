/**
 * /embed/resize.js: the resize listener exactly as /embed/ shows it for copying. Pages that embed
 * the course can load it with one `<script src>`; /embed/ loads it to resize its own previews.
 */
import type { APIRoute } from 'astro';
import { RESIZE_LISTENER_SOURCE } from '../../lib/embed-snippet';

export const GET: APIRoute = () => new Response(RESIZE_LISTENER_SOURCE, { headers: { 'Content-Type': 'text/javascript; charset=utf-8' } });
