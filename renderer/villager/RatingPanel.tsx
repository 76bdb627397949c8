import { RatingFace } from '../components/RatingFace';
import { zhCN } from '../i18n/zh-CN';
import type { VillagerController } from './controller';

const LEVELS = [5, 4, 3, 2, 1] as const;

/**
 * 好差评 under the done and progress screens: five big faces with words, one tap each; nothing
 * here stops the villager from simply going home (skipping never asks again).
 */
export function RatingPanel({ c, localNumber }: { c: VillagerController; localNumber: string }) {
  const { rating, ratingBusy } = c.records.state;
  const r = rating.value;
  if (!r || r.localNumber !== localNumber) return null;
  if (r.saved) {
    const label = c.records.levelLabel(r.saved.level);
    return (
      <p class="body ok rating-done" data-testid="rating-saved">
        ✔ {r.justNow ? zhCN.rating.thanks(label) : zhCN.rating.already(label)}
      </p>
    );
  }
  return (
    <div class="rating" data-testid="rating-panel">
      <p class="rating-question">{zhCN.rating.question}</p>
      <p class="hint">{zhCN.rating.hint}</p>
      <div class="rating-faces">
        {LEVELS.map((level) => (
          <button
            type="button"
            class={`btn rating-btn rating-${level}`}
            key={level}
            disabled={ratingBusy.value}
            data-testid={`rate-${level}`}
            onClick={() => void c.records.rate(level)}
          >
            <RatingFace level={level} />
            <span>{zhCN.rating.levels[level]}</span>
          </button>
        ))}
      </div>
    </div>
  );
}
