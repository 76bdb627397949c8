import { useEffect, useState } from 'preact/hooks';
import type { KioskApi } from '../../main/contract/kiosk-api';
import { errorText, zhCN } from '../i18n/zh-CN';

/** Receipt QR payload is `CZR1:<local number>` (main/services/receipt-code.ts). */
const RECEIPT_CODE_PREFIX = 'CZR1:';

type Card = { id: string; label: string };
type Receipt = { transcript: string; pngBase64: string | null };

/**
 * Presenter strip shown only when system.info.demo is true: place or remove a simulated ID card,
 * scan a receipt code, look at the last printed receipt. Folded into a corner button by default.
 */
export function DemoPanel({ api, lastLocalNumber }: { api: KioskApi; lastLocalNumber: string | null }) {
  const [open, setOpen] = useState(false);
  const [cards, setCards] = useState<Card[]>([]);
  const [receipt, setReceipt] = useState<Receipt | null | 'none'>(null);
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    void api.invoke('demo.cards', {}).then((r) => {
      if (r.ok) setCards(r.value.cards);
      else setMessage(errorText(r.error));
    });
  }, [open, api]);

  const run = async (p: Promise<{ ok: boolean; error?: { code: string; message: string } }>): Promise<void> => {
    const r = await p;
    setMessage(r.ok ? null : errorText(r.error ?? { code: 'internal' }));
  };

  if (!open) {
    return (
      <button type="button" class="demo-toggle" data-testid="demo-open" onClick={() => setOpen(true)}>
        {zhCN.demo.open}
      </button>
    );
  }
  return (
    <aside class="demo-panel" data-testid="demo-panel">
      <span class="demo-label">{zhCN.demo.cards}</span>
      {cards.map((card) => (
        <button
          type="button"
          key={card.id}
          class="demo-btn"
          data-testid={`demo-card-${card.id}`}
          onClick={() => void run(api.invoke('demo.placeCard', { id: card.id }))}
        >
          {card.label}
        </button>
      ))}
      <button
        type="button"
        class="demo-btn"
        data-testid="demo-remove-card"
        onClick={() => void run(api.invoke('demo.removeCard', {}))}
      >
        {zhCN.demo.removeCard}
      </button>
      {lastLocalNumber && (
        <button
          type="button"
          class="demo-btn"
          data-testid="demo-scan-receipt"
          onClick={() => void run(api.invoke('demo.scan', { text: `${RECEIPT_CODE_PREFIX}${lastLocalNumber}` }))}
        >
          {zhCN.demo.scanReceipt}
        </button>
      )}
      <button
        type="button"
        class="demo-btn"
        data-testid="demo-last-receipt"
        onClick={() =>
          void api.invoke('demo.lastReceipt', {}).then((r) => {
            if (r.ok) setReceipt(r.value ?? 'none');
            else setMessage(errorText(r.error));
          })
        }
      >
        {zhCN.demo.lastReceipt}
      </button>
      <button
        type="button"
        class="demo-btn"
        data-testid="demo-close"
        onClick={() => {
          setOpen(false);
          setReceipt(null);
        }}
      >
        {zhCN.demo.close}
      </button>
      {message && (
        <p class="demo-message" data-testid="demo-message">
          {message}
        </p>
      )}
      {receipt === 'none' && (
        <p class="demo-message" data-testid="demo-no-receipt">
          {zhCN.demo.noReceipt}
        </p>
      )}
      {receipt !== null && receipt !== 'none' && (
        <div class="demo-receipt" data-testid="demo-receipt">
          <p class="demo-label">{zhCN.demo.receiptTitle}</p>
          <pre data-testid="demo-receipt-transcript">{receipt.transcript}</pre>
          {receipt.pngBase64 && (
            <img
              alt={zhCN.demo.receiptImage}
              data-testid="demo-receipt-png"
              src={`data:image/png;base64,${receipt.pngBase64}`}
            />
          )}
        </div>
      )}
    </aside>
  );
}
