import type { TestProject } from 'vitest/node';
import { startPreview } from '../../scripts/preview-server';

/** Serves the built site for the e2e files and hands them its address. */
export default async function setup(project: TestProject) {
  const server = await startPreview(Number(process.env['E2E_PORT'] ?? 4329));
  project.provide('baseUrl', server.url);
  return () => server.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}
