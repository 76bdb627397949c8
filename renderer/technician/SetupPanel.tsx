import type { FoundDeviceView, SelfTestResultView } from '../../main/contract/views';
import { LazyScanView } from '../camera/LazyScanView';
import { Keypad } from '../components/Keypad';
import { TextKeyboard, urlPages } from '../components/TextKeyboard';
import { zhCN } from '../i18n/zh-CN';
import type { KeypadSpec } from '../logic/keypad';
import type { SelfTestName, SetupController, SetupField } from './setup-controller';

const t = zhCN.setup;
const cameraLabels = { hint: t.testCameraHint, starting: zhCN.scanScreen.starting, errors: zhCN.cameraErrors };
const TESTS: readonly [SelfTestName, string, string][] = [
  ['card', t.testCard, t.testCardHint],
  ['print', t.testPrint, ''],
  ['scan', t.testScan, t.testScanHint],
];

const regionSpec: KeypadSpec = { kind: 'digits', maxLength: 12, extraKeys: [] };
const hotlineSpec: KeypadSpec = { kind: 'phone', maxLength: 20, extraKeys: ['-'] };
const STATION_FIELDS = ['stationName', 'regionCode', 'hotline'] as const;

/** One typed value of the wizard: shown, with its 填写 button and what is wrong with it. */
function FieldRow({ s, f, value }: { s: SetupController; f: SetupField; value: string }) {
  const label = t.stationFields[f];
  const open = s.state.editing.value === f;
  return (
    <div class="tech-row tech-field" data-testid={`setup-field-${f}`}>
      <dt>{label}</dt>
      <dd data-testid={`setup-field-${f}-value`}>{value}</dd>
      <button type="button" class="btn tech-btn" onClick={() => s.edit(open ? null : f)}>
        {open ? t.fieldDone(label) : t.editField(label)}
      </button>
      {s.state.problems.value.includes(f) && (
        <p class="tech-error" role="alert" data-testid={`setup-field-${f}-problem`}>
          ⚠ {t.fieldProblems[f]}
        </p>
      )}
    </div>
  );
}

function FieldEditor({ s, f, value }: { s: SetupController; f: SetupField; value: string }) {
  const onChange = (v: string): void => s.setField(f, v);
  const testid = `setup-kb-${f}`;
  if (f === 'regionCode') return <Keypad spec={regionSpec} value={value} onChange={onChange} testid={testid} />;
  if (f === 'hotline') return <Keypad spec={hotlineSpec} value={value} onChange={onChange} testid={testid} />;
  if (f === 'stationName') return <TextKeyboard value={value} maxLength={64} onChange={onChange} testid={testid} />;
  return (
    <TextKeyboard value={value} maxLength={259} onChange={onChange} testid={testid} pages={urlPages} help={false} />
  );
}

/** Station details and the network printer's address, each typed on its on-screen keyboard. */
function TypedFields({ s }: { s: SetupController }) {
  const station = s.state.station.value;
  const address = s.state.printerAddress.value;
  const editing = s.state.editing.value;
  const valueOf = (f: SetupField): string => (f === 'printerAddress' ? address : station[f]);
  return (
    <>
      <h3 class="tech-h3">{t.stationTitle}</h3>
      <dl class="tech-list" data-testid="setup-station">
        {STATION_FIELDS.map((f) => (
          <FieldRow s={s} f={f} value={station[f]} key={f} />
        ))}
        <FieldRow s={s} f="printerAddress" value={address} />
      </dl>
      <p class="tech-hint">{t.printerAddressHint}</p>
      {editing && <FieldEditor s={s} f={editing} value={valueOf(editing)} />}
    </>
  );
}

function Fix({ fix }: { fix: { problem: string; fix: string; code: string } }) {
  return (
    <p class="tech-error" role="alert" data-code={fix.code}>
      ⚠ {fix.problem}
      <br />
      {t.fixLabel}
      {fix.fix}
    </p>
  );
}

function DeviceRow({ d, i }: { d: FoundDeviceView; i: number }) {
  return (
    <li class="tech-row" data-testid={`setup-device-${i}`} data-role={d.role} data-state={d.state}>
      <strong>{d.what}</strong>
      <span>
        {' '}
        {d.state === 'ok' ? `✔ ${t.stateOk}` : `⚠ ${t.stateFault}`} · {d.where}
      </span>
      {d.fix && <Fix fix={d.fix} />}
    </li>
  );
}

function TestResult({ r, name }: { r: SelfTestResultView | undefined; name: SelfTestName }) {
  if (!r) return null;
  return r.passed ? (
    <p class="tech-ok" role="status" data-testid={`setup-test-${name}-result`} data-passed="true">
      ✔ {t.passed}：{r.detail}
    </p>
  ) : (
    <div data-testid={`setup-test-${name}-result`} data-passed="false">
      <p class="tech-error">⚠ {t.failed}</p>
      <Fix fix={r.fix} />
    </div>
  );
}

/** Find devices, save them, self-test them, export diagnostics: the wizard's device steps. */
export function SetupPanel({ s }: { s: SetupController }) {
  const devices = s.state.devices.value;
  const working = s.state.working.value;
  const message = s.state.message.value;
  return (
    <div class="tech-setup" data-testid="tech-setup">
      <h2 class="tech-h2">{t.title}</h2>
      {message && (
        <p class={message.ok ? 'tech-ok' : 'tech-error'} role="status" data-testid="setup-message">
          {message.ok ? '✔' : '⚠'} {message.text}
        </p>
      )}
      {s.state.restartNeeded.value && (
        <button
          type="button"
          class="btn btn-primary tech-btn"
          data-testid="setup-restart"
          disabled={working !== null}
          onClick={() => void s.restart()}
        >
          {working === 'restart' ? t.restarting : t.restart}
        </button>
      )}
      <TypedFields s={s} />
      <button
        type="button"
        class="btn btn-primary tech-btn"
        data-testid="setup-discover"
        disabled={working !== null}
        onClick={() => void s.discover()}
      >
        {working === 'discover' ? t.discovering : t.discover}
      </button>
      {devices && devices.length === 0 && <p class="tech-hint">{t.noneFound}</p>}
      {devices && devices.length > 0 && (
        <>
          <ul class="tech-list" data-testid="setup-devices">
            {devices.map((d, i) => (
              <DeviceRow d={d} i={i} key={`${d.where}-${i}`} />
            ))}
          </ul>
          <button
            type="button"
            class="btn tech-btn"
            data-testid="setup-save"
            disabled={working !== null}
            onClick={() => void s.save()}
          >
            {t.save}
          </button>
        </>
      )}
      {TESTS.map(([name, label, hint]) => (
        <div class="tech-field" key={name}>
          <button
            type="button"
            class="btn tech-btn"
            data-testid={`setup-test-${name}`}
            disabled={working !== null}
            onClick={() => void s.selfTest(name)}
          >
            {working === name ? t.testing : label}
          </button>
          {working === name && hint && <p class="tech-hint">{hint}</p>}
          <TestResult r={s.state.results.value[name]} name={name} />
        </div>
      ))}
      <div class="tech-field">
        <button
          type="button"
          class="btn tech-btn"
          data-testid="setup-test-camera"
          aria-pressed={s.state.camera.value}
          disabled={working !== null}
          onClick={() => s.toggleCamera()}
        >
          {s.state.camera.value ? t.testCameraClose : t.testCamera}
        </button>
        {s.state.camera.value && (
          <LazyScanView
            labels={cameraLabels}
            onCode={(code) => void s.cameraCode(code.text)}
            class="scan-view scan-view-tech"
          />
        )}
        <TestResult r={s.state.results.value.camera} name="camera" />
      </div>
      <button
        type="button"
        class="btn tech-btn"
        data-testid="setup-diag"
        disabled={working !== null}
        onClick={() => void s.exportDiag()}
      >
        {t.diag}
      </button>
    </div>
  );
}
