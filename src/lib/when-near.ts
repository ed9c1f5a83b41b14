/**
 * Runs `start` once, when `element` comes within `margin` of the viewport (at once where
 * IntersectionObserver is missing). Used to load interactive code for parts of a long page only
 * as the reader approaches them.
 */
export function whenNear(element: Element, start: () => void, margin = '600px 0px'): void {
  if (typeof IntersectionObserver === 'undefined') {
    start();
    return;
  }
  const observer = new IntersectionObserver(
    (entries) => {
      if (entries.some((entry) => entry.isIntersecting)) {
        observer.disconnect();
        start();
      }
    },
    { rootMargin: margin },
  );
  observer.observe(element);
}
