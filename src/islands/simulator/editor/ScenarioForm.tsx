/**
 * The editor's form: the run's length, the services with their traffic, service time, caller
 * limits and faults, and each policy's pools. It edits the scenario value by path, so fields it
 * has no control for are kept, and says which ones those are.
 */
import {
  addFault,
  addPolicy,
  addPool,
  addService,
  getAt,
  listAt,
  otherKeys,
  policyEntries,
  removePolicy,
  removeService,
  renamePolicy,
  renameService,
  samePath,
  serviceIds,
  setAt,
  setFaultKind,
  setPoolMember,
  setServiceTimeKind,
  type DraftIssue,
  type Path,
} from './draft';
import { GroupErrors, JsonOnlyNote, NumberField, SelectField, TextField, pathId, type FieldIssues } from './fields';
import { AddPolicy, POLICY_WORDS, PolicyNameField } from './PolicyFields';

export interface ScenarioFormProps {
  uid: string;
  value: unknown;
  issues: readonly DraftIssue[];
  /**
   * A new value; when the edit added or removed something, a sentence to announce and the id of
   * the element to move the focus to (the new item's first field, or the button that adds more).
   */
  onChange: (value: unknown, announce?: string, focus?: string) => void;
}

const SERVICE_TIME_KINDS = [
  { value: 'exponential', label: 'Exponential (random, memoryless)' },
  { value: 'deterministic', label: 'Deterministic (always the mean)' },
  { value: 'lognormal', label: 'Lognormal (long tail)' },
];
const FAULT_KINDS = [
  { value: 'slow', label: 'Slow: calls take longer' },
  { value: 'hang', label: 'Hang: calls never answer' },
  { value: 'fail', label: 'Fail: a share of calls return an error' },
];

const text = (value: unknown, fallback: string): string => (typeof value === 'string' && value !== '' ? value : fallback);

export default function ScenarioForm({ uid, value, issues, onChange }: ScenarioFormProps) {
  const fieldIssues: FieldIssues = { uid, at: (path) => issues.filter((issue) => samePath(issue.path, path)) };
  const set = (path: Path) => (next: unknown) => onChange(setAt(value, path, next));
  const group = (path: Path) => {
    const found = fieldIssues.at(path);
    return { id: `${pathId(uid, path)}-error`, found, describedBy: found.length > 0 ? `${pathId(uid, path)}-error` : undefined };
  };
  const services = listAt(value, ['services']);
  const ids = serviceIds(value);
  const root = group([]);
  const servicesGroup = group(['services']);
  const policiesGroup = group(['policies']);

  return (
    <div className="psim-ed-form">
      <GroupErrors id={root.id} issues={root.found} />
      <fieldset className="psim-ed-box">
        <legend>Run</legend>
        <div className="psim-ed-grid">
          <TextField label="Name" path={['name']} value={getAt(value, ['name'])} issues={fieldIssues} onChange={set(['name'])} />
          <NumberField label="Duration" unit="s" path={['duration']} value={getAt(value, ['duration'])} issues={fieldIssues} onChange={set(['duration'])} />
          <NumberField label="Warm-up left out of the figures" unit="s" path={['warmup']} value={getAt(value, ['warmup'])} issues={fieldIssues} onChange={set(['warmup'])} hint="Blank: 0 s." />
          <NumberField label="Time between chart samples" unit="s" path={['sampleInterval']} value={getAt(value, ['sampleInterval'])} issues={fieldIssues} onChange={set(['sampleInterval'])} hint="Blank: 1 s." />
          <TextField wide label="Description" path={['description']} value={getAt(value, ['description'])} issues={fieldIssues} onChange={set(['description'])} hint="Optional: what the scenario shows." />
        </div>
        <JsonOnlyNote what="This scenario" keys={otherKeys(value, ['name', 'description', 'duration', 'warmup', 'sampleInterval', 'services', 'policies'])} />
      </fieldset>

      <h3 className="psim-ed-heading">Services</h3>
      <GroupErrors id={servicesGroup.id} issues={servicesGroup.found} />
      {services.map((service, index) => {
        const at = (...rest: Path) => ['services', index, ...rest] as Path;
        const name = text(getAt(service, ['label']), text(getAt(service, ['id']), `service ${index + 1}`));
        const kind = getAt(service, ['serviceTime', 'kind']);
        const faults = listAt(service, ['degradations']);
        const serviceGroup = group(at());
        const timeGroup = group(at('serviceTime'));
        return (
          <fieldset key={index} className="psim-ed-box" aria-describedby={serviceGroup.describedBy}>
            <legend>
              Service {index + 1}: {name}
            </legend>
            <GroupErrors id={serviceGroup.id} issues={serviceGroup.found} />
            <div className="psim-ed-grid">
              <TextField label="Id" path={at('id')} value={getAt(service, ['id'])} issues={fieldIssues} hint="Lower-case letters, digits and dashes." onChange={(id) => onChange(renameService(value, index, id ?? ''))} />
              <TextField label="Name in charts" path={at('label')} value={getAt(service, ['label'])} issues={fieldIssues} onChange={set(at('label'))} />
              <NumberField label="Arrival rate" unit="calls/s" path={at('arrival', 'rate')} value={getAt(service, ['arrival', 'rate'])} issues={fieldIssues} onChange={set(at('arrival', 'rate'))} />
              <SelectField label="Service time" path={at('serviceTime', 'kind')} value={kind} options={SERVICE_TIME_KINDS} issues={fieldIssues} onChange={(next) => onChange(setServiceTimeKind(value, index, next))} />
              <NumberField label="Mean service time" unit="s" path={at('serviceTime', 'mean')} value={getAt(service, ['serviceTime', 'mean'])} issues={fieldIssues} onChange={set(at('serviceTime', 'mean'))} />
              {kind === 'lognormal' && getAt(service, ['serviceTime', 'sigma']) === undefined ? (
                <NumberField label="99th percentile service time" unit="s" path={at('serviceTime', 'p99')} value={getAt(service, ['serviceTime', 'p99'])} issues={fieldIssues} onChange={set(at('serviceTime', 'p99'))} />
              ) : null}
              {kind === 'lognormal' && getAt(service, ['serviceTime', 'sigma']) !== undefined ? (
                <NumberField label="Sigma of the log of the service time" path={at('serviceTime', 'sigma')} value={getAt(service, ['serviceTime', 'sigma'])} issues={fieldIssues} onChange={set(at('serviceTime', 'sigma'))} />
              ) : null}
              <NumberField label="Caller timeout" unit="s" path={at('client', 'timeout')} value={getAt(service, ['client', 'timeout'])} issues={fieldIssues} onChange={set(at('client', 'timeout'))} hint="Blank: no timeout." />
              <NumberField label="Longest wait in a queue" unit="s" path={at('client', 'maxQueueWait')} value={getAt(service, ['client', 'maxQueueWait'])} issues={fieldIssues} onChange={set(at('client', 'maxQueueWait'))} hint="Blank: no limit." />
            </div>
            <GroupErrors id={timeGroup.id} issues={timeGroup.found} />
            <JsonOnlyNote what={`Service “${name}”`} keys={otherKeys(service, ['id', 'label', 'arrival', 'serviceTime', 'degradations', 'client'])} />
            <JsonOnlyNote what={`The traffic of “${name}”`} keys={otherKeys(getAt(service, ['arrival']), ['rate'])} />
            <JsonOnlyNote what={`The service time of “${name}”`} keys={otherKeys(getAt(service, ['serviceTime']), ['kind', 'mean', 'p99', 'sigma'])} />
            <JsonOnlyNote what={`The caller of “${name}”`} keys={otherKeys(getAt(service, ['client']), ['timeout', 'maxQueueWait'])} />

            <div className="psim-ed-faults">
              <p className="psim-ed-subheading">Faults of {name}</p>
              {faults.length === 0 ? <p className="psim-ed-hint">None: it stays healthy for the whole run.</p> : null}
              {faults.map((fault, faultIndex) => {
                const fat = (...rest: Path) => at('degradations', faultIndex, ...rest);
                const faultKind = getAt(fault, ['kind']);
                return (
                  <fieldset key={faultIndex} className="psim-ed-fault">
                    <legend>
                      Fault {faultIndex + 1} of {name}
                    </legend>
                    <GroupErrors id={group(fat()).id} issues={group(fat()).found} />
                    <div className="psim-ed-grid">
                      <SelectField label="What goes wrong" path={fat('kind')} value={faultKind} options={FAULT_KINDS} issues={fieldIssues} onChange={(next) => onChange(setFaultKind(value, index, faultIndex, next))} />
                      <NumberField label="Starts at" unit="s" path={fat('at')} value={getAt(fault, ['at'])} issues={fieldIssues} onChange={set(fat('at'))} />
                      <NumberField label="Ends at" unit="s" path={fat('until')} value={getAt(fault, ['until'])} issues={fieldIssues} onChange={set(fat('until'))} hint="Blank: until the end of the run." />
                      {faultKind === 'slow' ? (
                        <NumberField label="Slower by a factor of" unit="×" path={fat('factor')} value={getAt(fault, ['factor'])} issues={fieldIssues} onChange={set(fat('factor'))} />
                      ) : null}
                      {faultKind === 'fail' ? (
                        <NumberField label="Share of calls that fail" unit="0 to 1" path={fat('fraction')} value={getAt(fault, ['fraction'])} issues={fieldIssues} onChange={set(fat('fraction'))} />
                      ) : null}
                    </div>
                    <button type="button" className="button psim-small" onClick={() => onChange(setAt(value, fat(), undefined), `Removed fault ${faultIndex + 1} of ${name}.`, `${uid}-add-fault-${index}`)}>
                      Remove fault {faultIndex + 1}
                      <span className="visually-hidden"> of {name}</span>
                    </button>
                  </fieldset>
                );
              })}
              <button
                id={`${uid}-add-fault-${index}`}
                type="button"
                className="button psim-small"
                onClick={() => onChange(addFault(value, index), `Added fault ${faults.length + 1} to ${name}.`, pathId(uid, at('degradations', faults.length, 'kind')))}
              >
                Add a fault<span className="visually-hidden"> to {name}</span>
              </button>
            </div>
            <button type="button" className="button psim-small psim-ed-remove" onClick={() => onChange(removeService(value, index), `Removed service ${name}.`, `${uid}-add-service`)}>
              Remove service<span className="visually-hidden"> {name}</span>
            </button>
          </fieldset>
        );
      })}
      <button id={`${uid}-add-service`} type="button" className="button" onClick={() => onChange(addService(value), 'Added a service at the end of the list.', pathId(uid, ['services', services.length, 'id']))}>
        Add a service
      </button>

      <h3 className="psim-ed-heading">Isolation policies and their pools</h3>
      <GroupErrors id={policiesGroup.id} issues={policiesGroup.found} />
      {policyEntries(value).map(([policyName, policy], policyIndex, entries) => {
        const pat = (...rest: Path) => ['policies', policyName, ...rest] as Path;
        const tenantLimits = listAt(policy, ['tenantLimits']);
        const kind = typeof policy['kind'] === 'string' ? policy['kind'] : '';
        const policyGroup = group(pat());
        const poolsGroup = group(pat('pools'));
        const hasPools = kind === 'partitioned' || kind === 'semaphore';
        const pools = listAt(policy, ['pools']);
        return (
          // Keyed by position, so renaming a policy keeps its fields (and the focus) in place.
          <fieldset key={policyIndex} className="psim-ed-box" data-policy-form={policyName} aria-describedby={[policyGroup.describedBy, poolsGroup.describedBy].filter(Boolean).join(' ') || undefined}>
            <legend>
              Policy {policyIndex + 1}, “{policyName}”: {POLICY_WORDS[kind] ?? kind}
            </legend>
            <GroupErrors id={policyGroup.id} issues={policyGroup.found} />
            <GroupErrors id={group(pat('kind')).id} issues={group(pat('kind')).found} />
            <GroupErrors id={poolsGroup.id} issues={poolsGroup.found} />
            <div className="psim-ed-grid">
              <PolicyNameField id={`${uid}-policy-name-${policyIndex}`} root={value} name={policyName} onRename={(next) => onChange(renamePolicy(value, policyName, next))} />
              {kind === 'shared' || kind === 'per-tenant' ? (
                <>
                  <NumberField label="Slots" unit="calls at once" path={pat('slots')} value={policy['slots']} issues={fieldIssues} onChange={set(pat('slots'))} />
                  <NumberField label="Queue places" unit="calls" path={pat('queue')} value={policy['queue']} issues={fieldIssues} onChange={set(pat('queue'))} hint="0: no queue." />
                </>
              ) : null}
              {kind === 'per-tenant'
                ? tenantLimits.map((entry, limitIndex) => {
                    const tenant = text(getAt(entry, ['tenant']), `tenant ${limitIndex + 1}`);
                    return (
                      <NumberField
                        key={limitIndex}
                        label={`Cap for tenant ${tenant}`}
                        unit="calls at once"
                        path={pat('tenantLimits', limitIndex, 'limit')}
                        value={getAt(entry, ['limit'])}
                        issues={fieldIssues}
                        onChange={set(pat('tenantLimits', limitIndex, 'limit'))}
                      />
                    );
                  })
                : null}
              {kind === 'per-tenant' ? (
                <NumberField label="Cap for any other tenant" unit="calls at once" path={pat('defaultLimit')} value={policy['defaultLimit']} issues={fieldIssues} onChange={set(pat('defaultLimit'))} hint="Blank: no cap." />
              ) : null}
            </div>
            {kind === 'per-tenant' ? (
              <>
                <GroupErrors id={group(pat('tenantLimits')).id} issues={[...group(pat('tenantLimits')).found, ...tenantLimits.flatMap((_, i) => fieldIssues.at(pat('tenantLimits', i, 'tenant')))]} />
                {tenantLimits.length === 0 ? <p className="psim-ed-note">Tenants and their caps are declared in the JSON view (“tenants”, and this policy’s “tenantLimits”).</p> : null}
              </>
            ) : null}
            {hasPools
              ? pools.map((pool, poolIndex) => {
                  const pp = (...rest: Path) => pat('pools', poolIndex, ...rest);
                  const poolName = text(getAt(pool, ['id']), `pool ${poolIndex + 1}`);
                  const members = listAt(pool, ['services']);
                  const membersGroup = group(pp('services'));
                  const memberIssues = members.flatMap((_, j) => fieldIssues.at(pp('services', j)));
                  return (
                    <fieldset key={poolIndex} className="psim-ed-fault">
                      <legend>
                        {kind === 'semaphore' ? 'Semaphore' : 'Pool'} {poolIndex + 1}: {poolName}
                      </legend>
                      <GroupErrors id={group(pp()).id} issues={group(pp()).found} />
                      <div className="psim-ed-grid">
                        <TextField label="Id" path={pp('id')} value={getAt(pool, ['id'])} issues={fieldIssues} onChange={set(pp('id'))} />
                        {kind === 'semaphore' ? (
                          <NumberField label="Permits" unit="calls at once" path={pp('permits')} value={getAt(pool, ['permits'])} issues={fieldIssues} onChange={set(pp('permits'))} />
                        ) : (
                          <>
                            <NumberField label="Slots" unit="calls at once" path={pp('slots')} value={getAt(pool, ['slots'])} issues={fieldIssues} onChange={set(pp('slots'))} />
                            <NumberField label="Queue places" unit="calls" path={pp('queue')} value={getAt(pool, ['queue'])} issues={fieldIssues} onChange={set(pp('queue'))} hint="0: no queue." />
                          </>
                        )}
                      </div>
                      <fieldset className="psim-ed-members" aria-describedby={membersGroup.describedBy}>
                        <legend>Services that use {poolName}</legend>
                        {ids.length === 0 ? <span className="psim-ed-hint">Add a service first.</span> : null}
                        {ids.map((id) => {
                          const checkId = `${pathId(uid, pp('services'))}-${id}`;
                          return (
                            <span key={id} className="psim-check">
                              <input id={checkId} type="checkbox" checked={members.includes(id)} onChange={(event) => onChange(setPoolMember(value, policyName, poolIndex, id, event.currentTarget.checked))} />
                              <label htmlFor={checkId}>{id}</label>
                            </span>
                          );
                        })}
                        <GroupErrors id={membersGroup.id} issues={[...membersGroup.found, ...memberIssues]} />
                      </fieldset>
                      <JsonOnlyNote what={`Pool “${poolName}”`} keys={otherKeys(pool, ['id', 'services', 'slots', 'queue', 'permits'])} />
                      <button type="button" className="button psim-small" onClick={() => onChange(setAt(value, pp(), undefined), `Removed pool ${poolName} from ${policyName}.`, `${pathId(uid, pat())}-add-pool`)}>
                        Remove pool<span className="visually-hidden"> {poolName} from {policyName}</span>
                      </button>
                    </fieldset>
                  );
                })
              : null}
            {hasPools ? (
              <button
                id={`${pathId(uid, pat())}-add-pool`}
                type="button"
                className="button psim-small"
                onClick={() => onChange(addPool(value, policyName), `Added pool ${pools.length + 1} to ${policyName}.`, pathId(uid, pat('pools', pools.length, 'id')))}
              >
                Add a pool<span className="visually-hidden"> to {policyName}</span>
              </button>
            ) : null}
            {kind in POLICY_WORDS ? (
              <JsonOnlyNote what={`Policy “${policyName}”`} keys={otherKeys(policy, ['kind', 'slots', 'queue', 'pools', 'tenantLimits', 'defaultLimit'])} />
            ) : (
              <p className="psim-ed-note">This form does not edit a “{kind || 'unknown'}” policy: change it in the JSON view.</p>
            )}
            {entries.length > 1 ? (
              <div className="psim-ed-remove">
                <button type="button" className="button psim-small" onClick={() => onChange(removePolicy(value, policyName), `Removed policy ${policyName}.`, `${uid}-add-policy`)}>
                  Remove policy<span className="visually-hidden"> {policyName}</span>
                </button>
              </div>
            ) : (
              <p className="psim-ed-hint">A scenario needs at least one policy, so this one cannot be removed.</p>
            )}
          </fieldset>
        );
      })}
      <AddPolicy
        uid={uid}
        hasTenants={listAt(value, ['tenants']).length > 0}
        onAdd={(kind) => {
          const added = addPolicy(value, kind);
          const count = policyEntries(value).length;
          onChange(added.value, `Added policy ${added.name} (${POLICY_WORDS[kind] ?? kind}) at the end of the list.`, `${uid}-policy-name-${count}`);
        }}
      />
    </div>
  );
}
