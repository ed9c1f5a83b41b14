/**
 * The form's controls for the policies themselves: a policy's name (its key in `policies`), and
 * adding a policy of a chosen kind.
 */
import { useEffect, useState } from 'react';
import { POLICY_KINDS, policyNameProblem, type PolicyKind } from './draft';

/** What each kind of policy does, in a few words. */
export const POLICY_WORDS: Record<string, string> = {
  shared: 'one pool shared by every service',
  partitioned: 'a pool for each group of services',
  semaphore: 'permits with no queue: fail fast',
  'per-tenant': 'one pool with a cap per tenant',
};

export interface PolicyNameFieldProps {
  id: string;
  /** The scenario, to check the name against the other policies. */
  root: unknown;
  name: string;
  onRename: (name: string) => void;
}

/**
 * A policy's name. A name that is empty, not an id, or another policy's stays in the field with
 * its problem under it, and the policy keeps its name until the field holds one it can take (two
 * policies cannot share a key).
 */
export function PolicyNameField({ id, root, name, onRename }: PolicyNameFieldProps) {
  const [text, setText] = useState(name);
  // Follow renames made elsewhere (the JSON view), but not the echo of this field's own typing.
  useEffect(() => {
    setText((current) => (current === name ? current : name));
  }, [name]);
  const problem = text === name ? null : policyNameProblem(root, name, text);
  return (
    <div className="psim-field psim-ed-field">
      <label htmlFor={id}>Name</label>
      <input
        id={id}
        type="text"
        autoComplete="off"
        spellCheck={false}
        value={text}
        aria-invalid={problem !== null ? true : undefined}
        aria-describedby={problem !== null ? `${id}-error` : `${id}-hint`}
        onChange={(event) => {
          const next = event.currentTarget.value;
          setText(next);
          if (policyNameProblem(root, name, next) === null) onRename(next);
        }}
      />
      {problem !== null ? (
        <p id={`${id}-error`} className="psim-error psim-ed-error">
          {problem}; the policy keeps the name “{name}” until then.
        </p>
      ) : (
        <span id={`${id}-hint`} className="psim-ed-hint">
          Lower-case letters, digits and dashes.
        </span>
      )}
    </div>
  );
}

export interface AddPolicyProps {
  uid: string;
  /** Whether the scenario declares tenants (a per-tenant policy needs them). */
  hasTenants: boolean;
  onAdd: (kind: PolicyKind) => void;
}

/** Picks a kind of policy and adds one, sized from the services. */
export function AddPolicy({ uid, hasTenants, onAdd }: AddPolicyProps) {
  const [kind, setKind] = useState<PolicyKind>('partitioned');
  return (
    <div className="psim-ed-add-policy">
      <div className="psim-ed-add-row">
        <div className="psim-field psim-ed-field">
          <label htmlFor={`${uid}-new-policy-kind`}>Kind of policy to add</label>
          <select id={`${uid}-new-policy-kind`} value={kind} onChange={(event) => setKind(event.currentTarget.value as PolicyKind)} aria-describedby={`${uid}-new-policy-hint`}>
            {POLICY_KINDS.map((option) => (
              <option key={option} value={option}>
                {option}: {POLICY_WORDS[option]}
                {option === 'per-tenant' && !hasTenants ? ' (needs tenants: declare them in the JSON)' : ''}
              </option>
            ))}
          </select>
        </div>
        <button id={`${uid}-add-policy`} type="button" className="button" onClick={() => onAdd(kind)}>
          Add a policy
        </button>
      </div>
      <p id={`${uid}-new-policy-hint`} className="psim-ed-hint">
        Each new pool gets the mean number of its services’ calls in progress (arrival rate × mean service time) plus twice the square root of that, so few calls wait; a pool’s queue has as many places as it has slots.
      </p>
    </div>
  );
}
