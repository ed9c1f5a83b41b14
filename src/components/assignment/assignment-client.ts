/**
 * The learner's assignment page: checks the link, shows the assignment with the learner's status on
 * each exercise and lesson (following the progress store live), and downloads the submission file.
 * Every value that comes from the link is written with textContent, never parsed as HTML.
 */
import { decodeAssignment, describeDue, encodeAssignment, exerciseInAssignmentHref, type Assignment } from '../../lib/assignment';
import { withBase } from '../../lib/base-path';
import { downloadText } from '../../lib/download';
import { buildSubmission, exerciseStatus, learnerNameProblem, type ExerciseProgressView, type ProgressView } from '../../lib/submission-builder';
import { getProgressStore, type ProgressDocument } from '../../progress';
import type { AssignmentData, AssignableExercise } from './assignment-data';

function element<T extends Element>(selector: string, root: ParentNode = document): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`The assignment page lacks ${selector}.`);
  return found;
}

/** A new element with the given class and text. */
function make<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className !== '') node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The status line of one exercise: a word the eye can find and the detail behind it. */
function exerciseLine(progress: ExerciseProgressView | undefined): { kind: string; word: string; detail: string } {
  const status = exerciseStatus(progress);
  const run = progress?.lastRun ?? null;
  const tests = run ? `${run.summary.passed} of ${plural(run.summary.total, 'test')} passed in the last run` : '';
  if (status === 'passing') return { kind: 'passing', word: '✓ Passing', detail: run ? tests : 'passed in this browser' };
  if (status === 'not-started') return { kind: 'not-started', word: 'Not started', detail: '' };
  if (run) return { kind: 'in-progress', word: 'In progress', detail: progress?.passedAt ? `${tests}; it passed earlier` : tests };
  return { kind: 'in-progress', word: 'In progress', detail: 'draft saved, tests not run yet' };
}

async function loadStartFiles(ids: readonly string[]): Promise<Record<string, Record<string, string>>> {
  const entries = await Promise.all(
    ids.map(async (id) => {
      try {
        const response = await fetch(withBase(`/assignment/start/${encodeURIComponent(id)}.json`));
        if (!response.ok) return [id, {}] as const;
        const files = (await response.json()) as unknown;
        if (typeof files !== 'object' || files === null) return [id, {}] as const;
        return [id, Object.fromEntries(Object.entries(files).filter((entry): entry is [string, string] => typeof entry[1] === 'string'))] as const;
      } catch {
        return [id, {}] as const;
      }
    }),
  );
  return Object.fromEntries(entries);
}


export function startAssignmentPage(): void {
  const data = JSON.parse(element('#assignment-catalog').textContent ?? '{}') as AssignmentData;
  const query = window.location.search.replace(/^\?/, '');
  const decoded = decodeAssignment(query, { exerciseIds: data.exercises.map((exercise) => exercise.id), lessonIds: data.lessons.map((lesson) => lesson.id) });
  element<HTMLElement>('[data-loading]').hidden = true;

  if (!decoded.ok) {
    const list = element<HTMLUListElement>('[data-problems]');
    for (const problem of decoded.problems) list.append(make('li', '', problem));
    element<HTMLElement>('[data-error]').hidden = false;
    document.title = 'Assignment link not valid · Bulkhead Lab';
    return;
  }
  showAssignment(decoded.assignment, decoded.id, query, data);
}

function showAssignment(assignment: Assignment, id: string, query: string, data: AssignmentData): void {
  const exercises = new Map(data.exercises.map((exercise) => [exercise.id, exercise]));
  const lessons = new Map(data.lessons.map((lesson) => [lesson.id, lesson]));
  const root = element<HTMLElement>('[data-assignment]');
  element<HTMLElement>('[data-title]', root).textContent = assignment.title;
  document.title = `${assignment.title} · Assignment · Bulkhead Lab`;
  element<HTMLAnchorElement>('[data-copy-link]', root).href = withBase(`/assignments/new/?${query}`);

  const dueLine = element<HTMLElement>('[data-due]', root);
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const renderDue = () => {
    dueLine.replaceChildren();
    if (assignment.due === null) {
      dueLine.textContent = 'No due date.';
      return;
    }
    const at = new Date(assignment.due);
    const time = make('time', '', new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' }).format(at));
    time.dateTime = assignment.due;
    const status = describeDue(assignment.due, new Date());
    dueLine.append('Due ', time, ` (your time, ${timeZone}) · `, make('span', status.overdue ? 'overdue' : '', status.text));
  };
  renderDue();
  window.setInterval(renderDue, 60_000);

  const exerciseList = element<HTMLUListElement>('[data-exercises]', root);
  const exerciseStatusLines = new Map<string, HTMLElement>();
  // Each exercise link carries the assignment, so the exercise page shows a way back to it.
  const carried = encodeAssignment(assignment);
  for (const exerciseId of assignment.exercises) {
    const exercise = exercises.get(exerciseId) as AssignableExercise;
    const item = make('li', '');
    item.dataset['exercise'] = exerciseId;
    const titleLine = make('div', '');
    const link = make('a', 'item-title', exercise.title);
    link.href = withBase(exerciseInAssignmentHref(exerciseId, carried));
    titleLine.append(link, make('span', 'badge', `Level ${exercise.level}`));
    const status = make('p', 'status');
    item.append(titleLine, status);
    exerciseList.append(item);
    exerciseStatusLines.set(exerciseId, status);
  }

  const lessonStatusLines = new Map<string, HTMLElement>();
  if (assignment.lessons.length > 0) {
    element<HTMLElement>('[data-lessons-section]', root).hidden = false;
    const lessonList = element<HTMLUListElement>('[data-lessons]', root);
    for (const lessonId of assignment.lessons) {
      const lesson = lessons.get(lessonId);
      if (!lesson) continue;
      const item = make('li', '');
      item.dataset['lesson'] = lessonId;
      const link = make('a', 'item-title', lesson.title);
      link.href = lesson.href;
      const titleLine = make('div', '');
      titleLine.append(link, make('span', 'badge', `Level ${lesson.level}`));
      const status = make('p', 'status');
      item.append(titleLine, status);
      lessonList.append(item);
      lessonStatusLines.set(lessonId, status);
    }
  }

  const summary = element<HTMLElement>('[data-summary]', root);
  const notPassingWarning = element<HTMLElement>('[data-not-passing]', root);
  const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  const store = getProgressStore();

  const render = (doc: ProgressDocument) => {
    const progress: ProgressView = doc;
    let passing = 0;
    const waiting: string[] = [];
    for (const [exerciseId, line] of exerciseStatusLines) {
      const record = Object.hasOwn(progress.exercises, exerciseId) ? progress.exercises[exerciseId] : undefined;
      const { kind, word, detail } = exerciseLine(record);
      line.className = `status status-${kind}`;
      line.replaceChildren(make('strong', '', word));
      if (detail !== '') line.append(` · ${detail}`);
      line.parentElement?.setAttribute('data-status', kind);
      if (kind === 'passing') passing += 1;
      else waiting.push(exercises.get(exerciseId)?.title ?? exerciseId);
    }
    let completed = 0;
    for (const [lessonId, line] of lessonStatusLines) {
      const at = Object.hasOwn(progress.lessons, lessonId) ? progress.lessons[lessonId]?.completedAt ?? null : null;
      line.className = `status status-${at ? 'completed' : 'not-completed'}`;
      line.replaceChildren(make('strong', '', at ? '✓ Completed' : 'Not completed yet'));
      if (at) line.append(` · ${dateFormat.format(new Date(at))}`);
      line.parentElement?.setAttribute('data-status', at ? 'completed' : 'not-completed');
      if (at) completed += 1;
    }
    const parts = [`${passing} of ${plural(assignment.exercises.length, 'exercise')} passing`];
    if (lessonStatusLines.size > 0) parts.push(`${completed} of ${plural(lessonStatusLines.size, 'lesson')} completed`);
    const text = `${parts.join(' · ')}.`;
    if (summary.textContent !== text) summary.textContent = text;
    notPassingWarning.hidden = waiting.length === 0;
    notPassingWarning.textContent =
      waiting.length === 0 ? '' : `Not passing yet: ${waiting.join('; ')}. You can still download and send your submission; your instructor grades the code as it is.`;
  };
  render(store.snapshot());
  store.subscribe(render);
  // Back from an exercise page, the browser may restore this page from its cache with the store as it
  // was when the learner left; progress made meanwhile in this tab sent no storage event, so reload.
  window.addEventListener('pageshow', (event) => {
    if (event.persisted) window.location.reload();
  });

  setUpSubmission(assignment, id, query, store);
  root.hidden = false;
}

function setUpSubmission(assignment: Assignment, id: string, query: string, store: ReturnType<typeof getProgressStore>): void {
  const form = element<HTMLFormElement>('[data-submit]');
  const name = element<HTMLInputElement>('#learner-name', form);
  const nameError = element<HTMLElement>('#learner-name-error', form);
  const outcome = element<HTMLElement>('[data-outcome]');
  let attempted = false;
  let startFiles: Promise<Record<string, Record<string, string>>> | undefined;

  const checkName = (): boolean => {
    const problem = learnerNameProblem(name.value);
    nameError.textContent = problem ?? '';
    nameError.hidden = problem === undefined;
    if (problem) name.setAttribute('aria-invalid', 'true');
    else name.removeAttribute('aria-invalid');
    return problem === undefined;
  };
  name.addEventListener('input', () => {
    if (attempted) checkName();
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    attempted = true;
    if (!checkName()) {
      outcome.replaceChildren();
      name.focus();
      return;
    }
    const button = element<HTMLButtonElement>('button[type="submit"]', form);
    button.disabled = true;
    outcome.replaceChildren(make('p', '', 'Preparing your submission…'));
    startFiles ??= loadStartFiles(assignment.exercises);
    void startFiles
      .then((files) => {
        const built = buildSubmission({ assignment, id, link: query, learnerName: name.value, progress: store.snapshot(), startFiles: files, now: new Date() });
        if (!built.ok) {
          startFiles = undefined;
          outcome.replaceChildren(make('p', 'outcome-error', 'The submission could not be made:'), ...built.problems.map((problem) => make('p', 'outcome-error', problem)));
          return;
        }
        downloadText(built.fileName, built.json, 'application/json');
        const lines = [make('p', '', `Downloaded ${built.fileName}. Send this file to your instructor.`)];
        if (built.notPassing.length > 0) lines.push(make('p', '', `${plural(built.notPassing.length, 'exercise')} ${built.notPassing.length === 1 ? 'was' : 'were'} not passing yet when you downloaded it.`));
        outcome.replaceChildren(...lines);
      })
      .finally(() => {
        button.disabled = false;
      });
  });
}
