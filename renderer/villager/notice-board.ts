import { computed, signal } from '@preact/signals';
import type { KioskApi } from '../../main/contract/kiosk-api';
import type { NoticeView } from '../../main/contract/views';
import { pageOf, textPages } from '../../rules/announcements';
import { formatDateTime, zhCN } from '../i18n/zh-CN';
import type { VoiceGuide } from '../voice/voice-guide';

/** Titles per list page: large type, no scrolling, on both screen orientations. */
export const NOTICES_PER_PAGE = 4;
/** Characters of a notice text per page (large type, no scrolling). */
export const NOTICE_CHARS_PER_PAGE = 160;

/**
 * 政务公开 on the station screen: the current notices (kept up to date by `notices.changed`, so a
 * sync or an expiry reaches the screen), paged with 上一页/下一页, each read aloud on request.
 * Public text only: nothing here is cleared when a villager leaves.
 */
export function createNoticeBoard(api: KioskApi, voice: VoiceGuide) {
  const notices = signal<NoticeView[]>([]);
  const listIndex = signal(0);
  const openId = signal<string | null>(null);
  const textIndex = signal(0);

  const listPage = computed(() => pageOf(notices.value, listIndex.value, NOTICES_PER_PAGE));
  const urgent = computed(() => notices.value.find((n) => n.urgent) ?? null);
  /** The open notice; null when it was withdrawn or expired while open. */
  const open = computed(() => notices.value.find((n) => n.id === openId.value) ?? null);
  const openText = computed(() => {
    const n = open.value;
    return n ? pageOf(textPages(n.body, NOTICE_CHARS_PER_PAGE), textIndex.value, 1) : null;
  });

  async function load(): Promise<void> {
    const r = await api.invoke('notices.list', {});
    if (r.ok) notices.value = r.value.notices;
  }

  function start(): void {
    api.subscribe('notices.changed', (v) => {
      notices.value = v.notices;
    });
    void load();
  }

  function openNotice(id: string): void {
    openId.value = id;
    textIndex.value = 0;
  }

  /** Title, date and the page of text on screen; the whole text is read when there is one page only. */
  function readAloud(): void {
    const n = open.value;
    const page = openText.value;
    if (!n || !page) return;
    const head = page.index === 0 ? `${n.title}。${zhCN.notices.publishedOn(formatDateTime(n.publishedAt))}。` : '';
    voice.say(`${head}${page.items[0] ?? ''}`);
  }

  return {
    state: { notices, listPage, urgent, open, openText },
    start,
    load,
    openNotice,
    readAloud,
    resetList: () => {
      listIndex.value = 0;
      openId.value = null;
    },
    closeNotice: () => {
      openId.value = null;
    },
    turnList: (delta: number) => {
      listIndex.value = listPage.value.index + delta;
    },
    turnText: (delta: number) => {
      textIndex.value = (openText.value?.index ?? 0) + delta;
    },
  };
}

export type NoticeBoard = ReturnType<typeof createNoticeBoard>;
