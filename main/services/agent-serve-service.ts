import { failure, success, type ApiResult } from '../contract/result';
import type { SubmitResult } from '../contract/views';
import type { AgentSessionService } from './agent-session-service';
import type { AuditRecorder } from './audit-port';
import type { InputValue } from './form-validation';
import type { SessionService } from './session-service';
import type { TransactionService } from './transaction-service';

export type PhotoPurpose = 'authorisation' | 'id_card';
const PHOTO_PURPOSES: readonly PhotoPurpose[] = ['authorisation', 'id_card'];

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG_MAGIC = Buffer.from([0xff, 0xd8, 0xff]);

interface SubmitArgs {
  readonly serviceCode: string;
  readonly values: Record<string, InputValue>;
  readonly requestId: string;
}

/**
 * 帮办 and 代办 (issue #11) on top of the ordinary submit: who the agent is comes from this
 * screen's sign-in, never from the page. Photos for a 代办 arrive one per call (the socket takes
 * 64 KiB a message) and wait here, in memory, for the submit; they go with a sign-out.
 */
export class AgentServeService {
  readonly #photos = new Map<string, Map<PhotoPurpose, Buffer>>();

  constructor(
    private readonly d: {
      readonly agents: AgentSessionService;
      readonly sessions: SessionService;
      readonly transactions: TransactionService;
      readonly audit: AuditRecorder;
    },
  ) {
    d.agents.onChange((view) => {
      if (view === null) this.#photos.clear();
    });
  }

  /** 帮办: the villager's own card is on the reader and they signed the consent screen. */
  async assistSubmit(
    connectionId: string,
    args: SubmitArgs & { signaturePngBase64: string },
  ): Promise<ApiResult<SubmitResult>> {
    const signed = this.d.agents.require(connectionId);
    if (!signed.ok) return signed;
    if (!this.d.sessions.current) return failure('no_session', '请村民把本人的身份证放在读卡区，再提交');
    const png = Buffer.from(args.signaturePngBase64, 'base64');
    if (png.length < 100 || !png.subarray(0, 8).equals(PNG_MAGIC))
      return failure('validation_failed', '没有收到村民的签名，请让村民在签名框里用手指签名', {
        signature: '请签名',
      });
    const { agent } = signed.value;
    const actor = { role: 'agent', id: agent.id } as const;
    const r = await this.d.transactions.submit(args, {
      kind: 'assist',
      agent: { id: agent.id, maskedName: maskedNameOf(this.d.agents) },
      attachments: [{ purpose: 'consent_signature', data: png, mime: 'image/png', exact: true }],
    });
    if (r.ok) {
      this.d.audit.record({ actor, action: 'agent.consent', object: r.value.txId, result: 'given' });
      // Served: the next 帮办 starts from the next villager's own card.
      this.d.sessions.end();
    }
    this.d.audit.record({
      actor,
      action: 'agent.submit_on_behalf',
      object: r.ok ? r.value.txId : args.serviceCode,
      result: r.ok ? 'assist' : r.error.code,
    });
    return r;
  }

  /** The villager would not sign: nothing is saved, the screen drops the draft. */
  consentRefused(connectionId: string, serviceCode: string): ApiResult<{ discarded: true }> {
    const signed = this.d.agents.require(connectionId);
    if (!signed.ok) return signed;
    this.d.audit.record({
      actor: { role: 'agent', id: signed.value.agent.id },
      action: 'agent.consent',
      object: serviceCode,
      result: 'refused',
    });
    return success({ discarded: true });
  }

  /** One photo of a 代办 (the written authorisation, the villager's ID card), kept until the submit. */
  stagePhoto(connectionId: string, purpose: PhotoPurpose, jpegBase64: string): ApiResult<{ staged: PhotoPurpose[] }> {
    const signed = this.d.agents.require(connectionId);
    if (!signed.ok) return signed;
    const jpeg = Buffer.from(jpegBase64, 'base64');
    if (jpeg.length < 100 || !jpeg.subarray(0, 3).equals(JPEG_MAGIC))
      return failure('validation_failed', '照片没有拍好，请重新拍一张', { [purpose]: '请重新拍照' });
    const staged = this.#photos.get(connectionId) ?? new Map<PhotoPurpose, Buffer>();
    staged.set(purpose, jpeg);
    this.#photos.set(connectionId, staged);
    return success({ staged: PHOTO_PURPOSES.filter((p) => staged.has(p)) });
  }

  /** 代办: the villager is absent; both photos must have been staged on this screen. */
  async proxySubmit(connectionId: string, args: SubmitArgs): Promise<ApiResult<SubmitResult>> {
    const signed = this.d.agents.require(connectionId);
    if (!signed.ok) return signed;
    const staged = this.#photos.get(connectionId);
    const missing = PHOTO_PURPOSES.filter((p) => !staged?.has(p));
    if (missing.length > 0)
      return failure(
        'validation_failed',
        '请先拍好委托书和村民身份证的照片',
        Object.fromEntries(missing.map((p) => [p, '请拍照'])),
      );
    const { agent } = signed.value;
    const r = await this.d.transactions.submit(args, {
      kind: 'proxy',
      agent: { id: agent.id, maskedName: maskedNameOf(this.d.agents) },
      attachments: PHOTO_PURPOSES.map((p) => ({ purpose: p, data: staged!.get(p)!, mime: 'image/jpeg' })),
    });
    if (r.ok) this.#photos.delete(connectionId);
    this.d.audit.record({
      actor: { role: 'agent', id: agent.id },
      action: 'agent.submit_on_behalf',
      object: r.ok ? r.value.txId : args.serviceCode,
      result: r.ok ? 'proxy' : r.error.code,
    });
    return r;
  }

  disconnect(connectionId: string): void {
    this.#photos.delete(connectionId);
  }
}

function maskedNameOf(agents: AgentSessionService): string {
  return agents.maskedName() ?? '';
}
