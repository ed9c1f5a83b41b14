/**
 * The assignment builder's script: reads the form, shows each problem next to its field, and
 * turns a valid assignment into a link. Everything happens in the page; nothing is sent anywhere.
 * It also fills the form from an assignment link's parameters, so an instructor can change a copy.
 */
import { withBase } from '../../lib/base-path';
import { type Assignment, type AssignmentCatalog, decodeAssignment, describeDue, encodeAssignment, isoWithOffset, problemsByField } from '../../lib/assignment';

type Field = 'title' | 'due' | 'exercises' | 'lessons';

function element<T extends Element>(selector: string, root: ParentNode = document): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`The builder page lacks ${selector}.`);
  return found;
}

const two = (n: number) => String(n).padStart(2, '0');

/** `UTC+01:00` for an offset in minutes east of UTC. */
function utcLabel(offsetMinutes: number): string {
  const size = Math.abs(offsetMinutes);
  return `UTC${offsetMinutes < 0 ? '−' : '+'}${two(Math.floor(size / 60))}:${two(size % 60)}`;
}

/** The due date from the date and time inputs, in the browser's time zone, or a problem. */
export function readDue(date: string, time: string): { due: string | null } | { problem: string } {
  if (date === '' && time === '') return { due: null };
  if (date === '') return { problem: 'Pick a date for the time, or clear the time.' };
  const wallTime = time === '' ? '23:59' : time;
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute] = wallTime.split(':').map(Number) as [number, number];
  const local = new Date(year, month - 1, day, hour, minute);
  if (Number.isNaN(local.getTime())) return { problem: 'That date is not valid.' };
  if (local.getFullYear() !== year || local.getMonth() !== month - 1 || local.getDate() !== day || local.getHours() !== hour || local.getMinutes() !== minute) {
    return { problem: `${wallTime} does not exist on that day in your time zone (the clocks change then). Pick another time.` };
  }
  const due = isoWithOffset(date, wallTime, -local.getTimezoneOffset());
  return due === undefined ? { problem: 'That date is not valid; pick a day from 2000 to 2999.' } : { due };
}

export function startBuilder(): void {
  const form = element<HTMLFormElement>('[data-builder]');
  const catalogData = JSON.parse(element('#assignment-catalog').textContent ?? '{}') as { exerciseIds: string[]; lessonIds: string[] };
  const catalog: AssignmentCatalog = { exerciseIds: catalogData.exerciseIds, lessonIds: catalogData.lessonIds };
  const title = element<HTMLInputElement>('#assignment-title', form);
  const dueDate = element<HTMLInputElement>('#assignment-due-date', form);
  const dueTime = element<HTMLInputElement>('#assignment-due-time', form);
  const zone = element<HTMLElement>('[data-due-zone]', form);
  const lessonCount = element<HTMLElement>('[data-lesson-count]', form);
  const formError = element<HTMLElement>('[data-form-error]', form);
  const result = element<HTMLElement>('[data-result]');
  const linkField = element<HTMLInputElement>('[data-link]', result);
  const copyStatus = element<HTMLElement>('[data-copy-status]', result);
  const openLink = element<HTMLAnchorElement>('[data-open]', result);
  const resultSummary = element<HTMLElement>('[data-result-summary]', result);
  const boxes = (name: string) => [...form.querySelectorAll<HTMLInputElement>(`input[type="checkbox"][name="${name}"]`)];
  const errors: Record<Field, HTMLElement> = {
    title: element('#assignment-title-error', form),
    due: element('#due-error', form),
    exercises: element('#exercises-error', form),
    lessons: element('#lessons-error', form),
  };
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  let attempted = false;

  function showZone(): void {
    const parsed = readDue(dueDate.value, dueTime.value);
    const at = 'due' in parsed && parsed.due !== null ? new Date(parsed.due) : new Date();
    const when = 'due' in parsed && parsed.due !== null ? `${utcLabel(-at.getTimezoneOffset())} on that date` : `now ${utcLabel(-at.getTimezoneOffset())}`;
    const noTime = dueDate.value !== '' && dueTime.value === '' ? ' With no time, the assignment is due at 23:59.' : '';
    zone.textContent = `Times are in your time zone, ${timeZone} (${when}). The link stores the moment with its offset, so learners see it in their own time.${noTime}`;
  }

  function countLessons(): void {
    const chosen = boxes('lesson').filter((box) => box.checked).length;
    lessonCount.textContent = chosen === 0 ? '' : `(${chosen} chosen)`;
  }

  function read(): { assignment: Assignment; problems: Record<Field, string[]> } {
    const due = readDue(dueDate.value, dueTime.value);
    const assignment: Assignment = {
      title: title.value.trim(),
      due: 'due' in due ? due.due : null,
      exercises: boxes('exercise').filter((box) => box.checked).map((box) => box.value),
      lessons: boxes('lesson').filter((box) => box.checked).map((box) => box.value),
    };
    const problems = problemsByField(assignment, catalog);
    if ('problem' in due) problems.due = [due.problem];
    return { assignment, problems };
  }

  function show(problems: Record<Field, string[]>): number {
    const inputs: Record<Field, HTMLInputElement[]> = { title: [title], due: [dueDate, dueTime], exercises: boxes('exercise'), lessons: boxes('lesson') };
    let count = 0;
    for (const field of Object.keys(errors) as Field[]) {
      const text = problems[field].join(' ');
      errors[field].textContent = text;
      errors[field].hidden = text === '';
      for (const input of inputs[field]) {
        if (text === '') input.removeAttribute('aria-invalid');
        else input.setAttribute('aria-invalid', 'true');
      }
      count += problems[field].length;
    }
    if (problems.lessons.length > 0) element<HTMLDetailsElement>('[data-field="lessons"]', form).open = true;
    return count;
  }

  function firstInvalid(problems: Record<Field, string[]>): HTMLElement | undefined {
    if (problems.title.length > 0) return title;
    if (problems.due.length > 0) return dueDate;
    if (problems.exercises.length > 0) return boxes('exercise')[0];
    if (problems.lessons.length > 0) return boxes('lesson')[0];
    return undefined;
  }

  form.addEventListener('input', () => {
    showZone();
    countLessons();
    result.hidden = true;
    if (attempted) {
      const count = show(read().problems);
      if (count === 0) formError.hidden = true;
    }
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    attempted = true;
    const { assignment, problems } = read();
    const count = show(problems);
    if (count > 0) {
      formError.textContent = count === 1 ? 'One thing needs fixing before the link can be made.' : `${count} things need fixing before the link can be made.`;
      formError.hidden = false;
      result.hidden = true;
      firstInvalid(problems)?.focus();
      return;
    }
    formError.hidden = true;
    const query = encodeAssignment(assignment, catalog);
    const href = withBase(`/assignment/?${query}`);
    linkField.value = new URL(href, window.location.origin).href;
    openLink.href = href;
    copyStatus.textContent = '';
    const parts = [`${assignment.exercises.length} exercise${assignment.exercises.length === 1 ? '' : 's'}`];
    if (assignment.lessons.length > 0) parts.push(`${assignment.lessons.length} lesson${assignment.lessons.length === 1 ? '' : 's'}`);
    let dueText = 'no due date';
    if (assignment.due !== null) {
      const status = describeDue(assignment.due, new Date());
      const when = new Intl.DateTimeFormat(undefined, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }).format(new Date(assignment.due));
      dueText = status.overdue ? `due ${when}, which has already passed` : `due ${when} (${status.text.replace(/^due /, '')})`;
    }
    resultSummary.textContent = `${parts.join(' and ')}, ${dueText}.`;
    result.hidden = false;
    result.focus();
  });

  element<HTMLButtonElement>('[data-copy]', result).addEventListener('click', () => {
    const fallback = () => {
      linkField.focus();
      linkField.select();
      copyStatus.textContent = 'The link is selected: press Ctrl+C (or ⌘C) to copy it.';
    };
    if (!navigator.clipboard) {
      fallback();
      return;
    }
    navigator.clipboard.writeText(linkField.value).then(() => {
      copyStatus.textContent = 'Copied the link.';
    }, fallback);
  });

  prefill();
  showZone();
  countLessons();

  /** Fills the form from an assignment link's parameters (`/assignments/new/?v=1&…`). */
  function prefill(): void {
    if (window.location.search === '') return;
    const decoded = decodeAssignment(window.location.search, catalog);
    if (!decoded.ok) {
      formError.textContent = `The assignment in this address could not be read, so the form starts empty: ${decoded.problems.join(' ')}`;
      formError.hidden = false;
      return;
    }
    const { assignment } = decoded;
    title.value = assignment.title;
    if (assignment.due !== null) {
      const at = new Date(assignment.due);
      dueDate.value = `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())}`;
      dueTime.value = `${two(at.getHours())}:${two(at.getMinutes())}`;
    }
    for (const box of boxes('exercise')) box.checked = assignment.exercises.includes(box.value);
    for (const box of boxes('lesson')) box.checked = assignment.lessons.includes(box.value);
  }
}
