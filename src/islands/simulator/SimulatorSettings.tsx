import { memo } from 'react';
import { formatCount, formatDuration, formatNumber } from './format';
import type { RunSetup } from './protocol';
import { FIELD_LABELS, SERVICE_SETTING_LABELS, poolSettingLabel } from './link-problems';
import { MAX_PARTITIONS, sharedPoolSlots, withOverride, withSharedSlots, type Override, type QueueingSource } from './simulator-state';
import Slider from './Slider';
import { limitRange, limitText, queueRange, rateRange, slotRange } from './view-model';

export interface SimulatorSettingsProps {
  uid: string;
  setup: RunSetup;
  overrides: readonly Override[];
  onOverrides: (overrides: readonly Override[]) => void;
  /** The calculator pool the run comes from, or null for a preset. */
  queueing: QueueingSource | null;
  /** The calculator pool as the link opened it, for slider ranges. */
  queueingBase: QueueingSource | null;
  onQueueing: (source: QueueingSource) => void;
}

const calls = (rate: number) => `${formatNumber(rate)} calls/s`;
const slotsText = (n: number) => `${formatCount(n)} ${n === 1 ? 'slot' : 'slots'}`;
const placesText = (n: number) => (n === 0 ? 'no queue' : `${formatCount(n)} ${n === 1 ? 'place' : 'places'}`);

/** Sliders for traffic, caller limits and pool sizes. Every change restarts the run from 0 s. */
function SimulatorSettings({ uid, setup, overrides, onOverrides, queueing, queueingBase, onQueueing }: SimulatorSettingsProps) {
  const set = (override: Override) => onOverrides(withOverride(overrides, override));
  const limitValue = (value: number): number | null => (value <= 0 ? null : Number(value.toFixed(2)));
  return (
    <details className="psim-settings">
      <summary>Settings: traffic, timeouts and pool sizes</summary>
      <p className="psim-hint">A change starts the run again from 0 s with the same seed, so the same calls arrive and any faults you injected happen again.</p>
      {queueing && queueingBase ? (
        <fieldset>
          <legend>The calculator&apos;s pool</legend>
          <Slider
            id={`${uid}-q-rate`}
            label={FIELD_LABELS.rate}
            value={queueing.rate}
            range={rateRange(queueingBase.rate, queueing.rate)}
            text={calls(queueing.rate)}
            onChange={(rate) => onQueueing({ ...queueing, rate })}
          />
          <Slider
            id={`${uid}-q-mean`}
            label={FIELD_LABELS.mean}
            value={queueing.meanMs}
            range={rateRange(queueingBase.meanMs, queueing.meanMs)}
            text={formatDuration(queueing.meanMs / 1000)}
            onChange={(meanMs) => onQueueing({ ...queueing, meanMs })}
          />
          {queueing.partitions > 1 ? (
            <Slider
              id={`${uid}-q-shared`}
              label={FIELD_LABELS.shared}
              value={sharedPoolSlots(queueing)}
              range={slotRange(sharedPoolSlots(queueingBase), sharedPoolSlots(queueing))}
              text={slotsText(sharedPoolSlots(queueing))}
              onChange={(slots) => onQueueing(withSharedSlots(queueing, slots))}
            />
          ) : null}
          <Slider
            id={`${uid}-q-slots`}
            label={FIELD_LABELS.slots}
            value={queueing.slots}
            range={slotRange(queueingBase.slots, queueing.slots)}
            text={slotsText(queueing.slots)}
            onChange={(slots) => onQueueing(withSharedSlots({ ...queueing, slots }, queueing.partitions > 1 ? sharedPoolSlots(queueing) : null))}
          />
          <div className="psim-check">
            <input
              id={`${uid}-q-unbounded`}
              type="checkbox"
              checked={queueing.queue === 'unbounded'}
              onChange={(event) => onQueueing({ ...queueing, queue: event.currentTarget.checked ? 'unbounded' : 0 })}
            />
            <label htmlFor={`${uid}-q-unbounded`}>{FIELD_LABELS.unbounded}</label>
          </div>
          {queueing.queue === 'unbounded' ? null : (
            <Slider
              id={`${uid}-q-queue`}
              label={FIELD_LABELS.queue}
              value={queueing.queue}
              range={queueRange(queueingBase.queue === 'unbounded' ? 0 : queueingBase.queue, queueing.queue)}
              text={placesText(queueing.queue)}
              onChange={(queue) => onQueueing({ ...queueing, queue })}
            />
          )}
          <Slider
            id={`${uid}-q-parts`}
            label={FIELD_LABELS.partitions}
            value={queueing.partitions}
            range={{ min: 1, max: MAX_PARTITIONS, step: 1 }}
            text={queueing.partitions === 1 ? 'one pool' : `${queueing.partitions} partitions`}
            onChange={(partitions) => onQueueing({ ...queueing, partitions })}
          />
        </fieldset>
      ) : (
        <>
          {setup.services.map((service) => (
            <fieldset key={service.id}>
              <legend>{service.label}</legend>
              <Slider
                id={`${uid}-rate-${service.id}`}
                label={SERVICE_SETTING_LABELS.rate}
                value={service.arrivalRate}
                range={rateRange(service.baseArrivalRate, service.arrivalRate)}
                text={calls(service.arrivalRate)}
                onChange={(value) => set({ kind: 'rate', service: service.id, value })}
              />
              <Slider
                id={`${uid}-timeout-${service.id}`}
                label={SERVICE_SETTING_LABELS.timeout}
                value={service.timeout ?? 0}
                range={limitRange(service.baseTimeout, service.timeout)}
                text={limitText(service.timeout, 'no timeout')}
                onChange={(value) => set({ kind: 'timeout', service: service.id, value: limitValue(value) })}
              />
              <Slider
                id={`${uid}-wait-${service.id}`}
                label={SERVICE_SETTING_LABELS.wait}
                value={service.wait ?? 0}
                range={limitRange(service.baseWait, service.wait)}
                text={limitText(service.wait, 'no limit')}
                onChange={(value) => set({ kind: 'wait', service: service.id, value: limitValue(value) })}
              />
            </fieldset>
          ))}
          {setup.panels.map((panel) => (
            <fieldset key={panel.policy}>
              <legend>{panel.label}</legend>
              {panel.pools.map((pool) => (
                <div key={pool.id} className="psim-pool-settings">
                  <Slider
                    id={`${uid}-slots-${panel.policy}-${pool.id}`}
                    label={poolSettingLabel(pool.label, 'slots', pool.kind === 'semaphore')}
                    value={pool.slots}
                    range={slotRange(pool.baseSlots, pool.slots)}
                    text={pool.kind === 'semaphore' ? `${formatCount(pool.slots)} permits` : slotsText(pool.slots)}
                    onChange={(value) => set({ kind: 'slots', policy: panel.policy, pool: pool.id, value })}
                  />
                  {pool.kind === 'semaphore' ? null : (
                    <Slider
                      id={`${uid}-queue-${panel.policy}-${pool.id}`}
                      label={poolSettingLabel(pool.label, 'queue', false)}
                      value={pool.queue}
                      range={queueRange(pool.baseQueue, pool.queue)}
                      text={placesText(pool.queue)}
                      onChange={(value) => set({ kind: 'queue', policy: panel.policy, pool: pool.id, value })}
                    />
                  )}
                </div>
              ))}
            </fieldset>
          ))}
          <button type="button" className="button" disabled={overrides.length === 0} onClick={() => onOverrides([])}>
            Restore the scenario&apos;s settings
          </button>
        </>
      )}
    </details>
  );
}

export default memo(SimulatorSettings);
