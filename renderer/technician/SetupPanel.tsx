import type { FoundDeviceView, SelfTestResultView } from '../../main/contract/views';
import { LazyScanView } from '../camera/LazyScanView';
import { zhCN } from '../i18n/zh-CN';
import type { SelfTestName, SetupController } from './setup-controller';

const t = zhCN.setup;
const cameraLabels = { hint: t.testCameraHint, starting: zhCN.scanScreen.starting, errors: zhCN.cameraErrors };
const TESTS: readonly [SelfTestName, string, string][] = [
  ['card', t.testCard, t.testCardHint],
  ['print', t.testPrint, ''],
  ['scan', t.testScan, t.testScanHint],
];

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
