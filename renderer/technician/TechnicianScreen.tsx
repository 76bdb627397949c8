import type { DeviceName, DeviceState, TechStatus } from '../../main/contract/views';
import { LazyScanView } from '../camera/LazyScanView';
import { Keypad } from '../components/Keypad';
import { TextKeyboard, urlPages } from '../components/TextKeyboard';
import { formatDateTime, zhCN } from '../i18n/zh-CN';
import type { KeypadSpec } from '../logic/keypad';
import type { TechnicianController } from './controller';
import { PIN_MAX, PIN_MIN } from './controller';
import type { EnrolField } from './enrol-form';
import { SetupPanel } from './SetupPanel';

const t = zhCN.technician;
const pinSpec: KeypadSpec = { kind: 'digits', maxLength: PIN_MAX, extraKeys: [] };
const regionSpec: KeypadSpec = { kind: 'digits', maxLength: 12, extraKeys: [] };
const cameraLabels = { hint: t.cameraHint, starting: zhCN.scanScreen.starting, errors: zhCN.cameraErrors };
const FIELDS: readonly EnrolField[] = ['platform', 'code', 'regionCode', 'stationName', 'platformKeySha256'];

/** The technician screens: PIN keypad, then status / sync / provisioning. Normal sizes, ≥ 44 px targets. */
export function TechnicianScreen({ c }: { c: TechnicianController }) {
  const mode = c.state.mode.value;
  const left = c.state.countdown.value;
  return (
    <div class="tech" data-testid="technician">
      <header class="tech-bar">
        <h1 class="tech-title">{mode === 'pin' ? t.pinTitle : t.title}</h1>
        {left !== null && (
          <span class="tech-idle" role="status" data-testid="tech-idle">
            {t.idleLeft(left)}
          </span>
        )}
        <button type="button" class="btn tech-btn" data-testid="tech-leave" onClick={() => void c.leave()}>
          {t.back}
        </button>
      </header>
      {mode === 'pin' ? <PinPanel c={c} /> : <TechHome c={c} />}
    </div>
  );
}

function PinPanel({ c }: { c: TechnicianController }) {
  const pin = c.state.pin.value;
  const error = c.state.pinError.value;
  return (
    <section class="tech-pin" data-testid="tech-pin">
      <p class="tech-hint">{t.pinHint}</p>
      {error && (
        <p class="tech-error" role="alert" data-testid="tech-pin-error">
          ⚠ {error}
        </p>
      )}
      <Keypad spec={pinSpec} value={pin} onChange={(v) => c.typePin(v)} testid="tech-pin-keypad" masked />
      <button
        type="button"
        class="btn btn-primary tech-btn"
        data-testid="tech-pin-unlock"
        disabled={pin.length < PIN_MIN || c.state.working.value === 'unlock'}
        onClick={() => void c.unlock()}
      >
        {t.unlock}
      </button>
    </section>
  );
}

function TechHome({ c }: { c: TechnicianController }) {
  const status = c.state.status.value;
  const message = c.state.message.value;
  return (
    <section class="tech-home" data-testid="tech-home">
      {message && (
        <p class={message.ok ? 'tech-ok' : 'tech-error'} role="status" data-testid="tech-message">
          {message.ok ? '✔' : '⚠'} {message.text}
        </p>
      )}
      <div class="tech-columns">
        <div class="tech-column">
          {status ? <StatusPanel c={c} status={status} /> : <p class="tech-hint">{zhCN.common.loading}</p>}
        </div>
        <div class="tech-column">
          <EnrolPanel c={c} />
          <SetupPanel s={c.setup} />
        </div>
      </div>
    </section>
  );
}

function deviceText(state: DeviceState): string {
  const base = t.deviceState[state.state];
  return state.state === 'fault' ? `⚠ ${base}：${state.message}` : state.state === 'ready' ? `✔ ${base}` : base;
}

/** The model folder's problem is the check's own Chinese fix (main/services/voice-model.ts). */
function voiceText(voice: TechStatus['voice']): string {
  if (voice.state === 'off') return t.voiceState.off;
  if (voice.state === 'ready') return t.voiceState.ready((voice.modelBytes / 1e6).toFixed(1));
  return `⚠ ${voice.message}`;
}

function StatusPanel({ c, status }: { c: TechnicianController; status: TechStatus }) {
  const s = status.sync;
  const rows: [string, string, string][] = [
    [t.enrolledLabel, status.enrolled ? `✔ ${t.enrolled}` : `⚠ ${t.notEnrolled}`, 'enrolled'],
    [t.deviceIdLabel, status.deviceId ?? t.never, 'device-id'],
    [t.platformLabel, status.platform ?? t.never, 'platform'],
    [t.stationLabel, status.stationName, 'station'],
    [t.regionLabel, status.regionCode, 'region'],
  ];
  const syncRows: [string, string, string][] = [
    [t.linkLabel, t.link[s.link], 'link'],
    [t.queueLabel, t.queue(s), 'queue'],
    [t.lastSuccessLabel, s.lastSuccessAt ? formatDateTime(s.lastSuccessAt) : t.never, 'last-success'],
    [t.lastErrorLabel, s.lastError ?? t.never, 'last-error'],
    [
      t.clockLabel,
      status.clock.offsetMs === null
        ? t.clockUnmeasured
        : `${status.clock.warning ? '⚠ ' : ''}${t.clockOffset(status.clock.offsetMs)}`,
      'clock',
    ],
  ];
  const devices: DeviceName[] = ['idcard', 'printer', 'scanner'];
  return (
    <div
      class="tech-status"
      data-testid="tech-status"
      data-enrolled={String(status.enrolled)}
      data-link={s.link}
      data-acked={s.acked}
      data-pending={s.pending}
    >
      <h2 class="tech-h2">{t.statusTitle}</h2>
      <dl class="tech-list">
        {rows.map(([label, value, id]) => (
          <div class="tech-row" key={id} data-testid={`tech-${id}`}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <h2 class="tech-h2">{t.syncTitle}</h2>
      <dl class="tech-list">
        {syncRows.map(([label, value, id]) => (
          <div class="tech-row" key={id} data-testid={`tech-${id}`}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {status.clock.warning && (
        <p class="tech-error" role="alert" data-testid="tech-clock-warning">
          ⚠ {t.clockWarning}
        </p>
      )}
      <button
        type="button"
        class="btn btn-primary tech-btn"
        data-testid="tech-sync-now"
        disabled={c.state.working.value !== null}
        onClick={() => void c.syncNow()}
      >
        {c.state.working.value === 'sync' ? t.syncing : t.syncNow}
      </button>
      <h2 class="tech-h2">{t.devicesTitle}</h2>
      <dl class="tech-list">
        {devices.map((d) => (
          <div class="tech-row" key={d} data-testid={`tech-device-${d}`}>
            <dt>{t.deviceNames[d]}</dt>
            <dd>{deviceText(status.devices[d])}</dd>
          </div>
        ))}
        <div class="tech-row" data-testid="tech-voice" data-state={status.voice.state}>
          <dt>{t.voiceLabel}</dt>
          <dd>{voiceText(status.voice)}</dd>
        </div>
      </dl>
      <h2 class="tech-h2">{t.rejectedTitle}</h2>
      {status.rejected.length === 0 ? (
        <p class="tech-hint" data-testid="tech-rejected-none">
          {t.rejectedNone}
        </p>
      ) : (
        <ul class="tech-rejected" data-testid="tech-rejected">
          {status.rejected.map((r, i) => (
            <li key={`${r.localNumber ?? ''}-${i}`}>
              {t.rejectedRow(r.localNumber ?? t.unknownNumber, r.message ?? r.code ?? t.unknownReason)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function EnrolPanel({ c }: { c: TechnicianController }) {
  const form = c.state.form.value;
  const editing = c.state.editing.value;
  const problems = c.state.problems.value;
  const working = c.state.working.value;
  return (
    <div class="tech-enrol" data-testid="tech-enrol">
      <h2 class="tech-h2">{t.enrolTitle}</h2>
      <p class="tech-hint">{t.enrolHint}</p>
      <button
        type="button"
        class="btn tech-btn"
        data-testid="tech-camera"
        aria-pressed={c.state.camera.value}
        onClick={() => c.toggleCamera()}
      >
        {c.state.camera.value ? t.cameraClose : t.cameraOpen}
      </button>
      {c.state.camera.value && (
        <LazyScanView
          labels={cameraLabels}
          onCode={(code) => void c.submitCameraCode(code)}
          class="scan-view scan-view-tech"
        />
      )}
      <dl class="tech-list">
        {FIELDS.map((f) => (
          <div class="tech-row tech-field" key={f} data-testid={`tech-field-${f}`}>
            <dt>{t.fields[f]}</dt>
            <dd data-testid={`tech-field-${f}-value`}>{form[f]}</dd>
            <button
              type="button"
              class="btn tech-btn"
              data-testid={`tech-field-${f}-edit`}
              onClick={() => c.edit(editing === f ? null : f)}
            >
              {editing === f ? t.done : t.edit}
            </button>
            {problems.includes(f) && (
              <p class="tech-error" role="alert" data-testid={`tech-field-${f}-problem`}>
                ⚠ {t.problems[f]}
              </p>
            )}
          </div>
        ))}
      </dl>
      {editing && <FieldEditor c={c} field={editing} value={form[editing]} />}
      <button
        type="button"
        class="btn btn-primary tech-btn"
        data-testid="tech-enrol-submit"
        disabled={working !== null}
        onClick={() => void c.enrol()}
      >
        {working === 'enrol' ? t.enrolling : t.enrol}
      </button>
    </div>
  );
}

function FieldEditor({ c, field, value }: { c: TechnicianController; field: EnrolField; value: string }) {
  const onChange = (v: string): void => c.setField(field, v);
  const testid = `tech-kb-${field}`;
  if (field === 'regionCode') return <Keypad spec={regionSpec} value={value} onChange={onChange} testid={testid} />;
  if (field === 'stationName') return <TextKeyboard value={value} maxLength={64} onChange={onChange} testid={testid} />;
  return (
    <TextKeyboard
      value={value}
      maxLength={field === 'platform' ? 512 : field === 'platformKeySha256' ? 64 : 128}
      onChange={onChange}
      testid={testid}
      pages={urlPages}
      help={false}
    />
  );
}
