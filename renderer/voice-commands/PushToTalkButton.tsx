import { useEffect, useRef, useState } from 'preact/hooks';
import type { KioskApi } from '../../main/contract/kiosk-api';
import { zhCN } from '../i18n/zh-CN';
import type { VillagerController } from '../villager/controller';
import { createPushToTalk, type PushToTalk } from './push-to-talk';
import { villagerPortOf } from './villager-port';
import { performOnVillager, villagerVocabulary } from './villager-voice';
import { createFrameRecogniser } from './frame-recogniser';

type Phase = 'absent' | 'idle' | 'loading' | 'listening';

/**
 * 按住说话 in the top bar: present only when the host says a checked model is installed
 * (`voice.status` ready). If the model then fails to load in the page, the button goes away and
 * every screen works as before by touch.
 */
export function PushToTalkButton(props: { api: KioskApi; c: VillagerController }) {
  const [phase, setPhase] = useState<Phase>('absent');
  const [missed, setMissed] = useState(false);
  const ptt = useRef<Promise<PushToTalk> | null>(null);
  const held = useRef(false);

  // Asked once the host has answered system.info (the connection is up), and again after a reconnect.
  const info = props.c.state.info.value;
  useEffect(() => {
    if (!info) return;
    let alive = true;
    void props.api.invoke('voice.status', {}).then((r) => {
      if (alive && r.ok && r.value.state === 'ready') setPhase((now) => (now === 'absent' ? 'idle' : now));
    });
    return () => {
      alive = false;
    };
  }, [props.api, info]);
  if (phase === 'absent') return null;

  const load = (): Promise<PushToTalk> => {
    const port = villagerPortOf(props.c);
    ptt.current ??= createFrameRecogniser().then((recogniser) =>
      createPushToTalk(recogniser, {
        screen: () => villagerVocabulary(port),
        perform: (command) => setMissed(!performOnVillager(port, command)),
        notUnderstood: () => setMissed(true),
      }),
    );
    return ptt.current;
  };
  const down = (): void => {
    held.current = true;
    setMissed(false);
    setPhase('loading');
    load().then(
      (p) => {
        if (!held.current) return setPhase('idle');
        p.press();
        setPhase('listening');
      },
      () => setPhase('absent'),
    );
  };
  const up = (): void => {
    held.current = false;
    void ptt.current?.then((p) => p.release());
    setPhase((now) => (now === 'absent' ? now : 'idle'));
  };

  const t = zhCN.voiceCommands;
  return (
    <span class="ptt">
      <button
        type="button"
        class="btn btn-small ptt-button"
        aria-pressed={phase === 'listening'}
        data-testid="voice-ptt"
        data-phase={phase}
        onPointerDown={down}
        onPointerUp={up}
        onPointerCancel={up}
        onPointerLeave={() => held.current && up()}
      >
        {phase === 'listening' ? t.listening : t.hold}
      </button>
      {missed && (
        <span class="ptt-missed" role="status" data-testid="voice-ptt-missed">
          {t.notUnderstood}
        </span>
      )}
    </span>
  );
}
