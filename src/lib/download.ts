/** Saves `text` as a file named `name` through a temporary link (no server involved). */
export function downloadText(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // Some browsers start reading the blob after click() returns; revoke well after.
  window.setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
