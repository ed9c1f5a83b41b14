/**
 * The exercise page's assignment banner: "Part of your assignment <title> (exercise 1 of 3) ·
 * Back to your assignment" when the page was opened from an assignment, or a plain note saying
 * why there is no way back when the assignment it carries cannot be used. The title comes from
 * the link, so it is written with textContent only.
 */
import { currentPageAssignment } from '../../lib/assignment-context';

export function showAssignmentBanner(): void {
  const banner = document.querySelector<HTMLElement>('[data-assignment-banner]');
  if (!banner) return;
  const found = currentPageAssignment(banner.dataset['assignmentBanner'] ?? '');
  if (found.state === 'none') {
    // The page's early script may have held a place for a banner (an empty assignment parameter).
    banner.hidden = true;
    delete banner.dataset['state'];
    return;
  }
  const line = document.createElement('p');
  if (found.state === 'invalid') {
    line.textContent = found.message;
    banner.dataset['state'] = 'invalid';
    banner.replaceChildren(line);
  } else {
    const { title, href, position, count } = found.wayBack;
    const name = document.createElement('strong');
    name.textContent = title;
    const back = document.createElement('a');
    back.href = href;
    back.textContent = 'Back to your assignment';
    line.append('Part of your assignment ', name, ` (exercise ${position} of ${count}) · `, back);
    const region = document.createElement('nav');
    region.setAttribute('aria-label', 'Your assignment');
    region.append(line);
    banner.dataset['state'] = 'valid';
    banner.replaceChildren(region);
  }
  banner.hidden = false;
}
