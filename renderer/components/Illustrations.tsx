import { zhCN } from '../i18n/zh-CN';

/** A card going into a reader slot: simple shapes, high contrast, no text inside. */
export function CardIllustration() {
  return (
    <svg class="illustration" viewBox="0 0 200 160" role="img" aria-label={zhCN.a11y.illustrationCard}>
      <rect x="20" y="100" width="160" height="44" rx="10" class="ill-device" />
      <rect x="40" y="96" width="120" height="8" rx="4" class="ill-slot" />
      <g class="ill-card">
        <rect x="50" y="16" width="100" height="66" rx="8" />
        <circle cx="75" cy="44" r="12" class="ill-face" />
        <rect x="95" y="34" width="44" height="6" rx="3" class="ill-line" />
        <rect x="95" y="48" width="34" height="6" rx="3" class="ill-line" />
        <rect x="62" y="64" width="76" height="6" rx="3" class="ill-line" />
      </g>
      <path d="M100 84 l0 8 m-6 -6 l6 6 l6 -6" class="ill-arrow" />
    </svg>
  );
}

export function ScanIllustration() {
  return (
    <svg class="illustration" viewBox="0 0 200 160" role="img" aria-label={zhCN.a11y.illustrationScan}>
      <rect x="55" y="20" width="90" height="90" rx="6" class="ill-paper" />
      <g class="ill-qr">
        <rect x="65" y="30" width="24" height="24" />
        <rect x="111" y="30" width="24" height="24" />
        <rect x="65" y="76" width="24" height="24" />
        <rect x="100" y="66" width="10" height="10" />
        <rect x="118" y="84" width="10" height="10" />
        <rect x="100" y="92" width="8" height="8" />
      </g>
      <rect x="40" y="124" width="120" height="24" rx="8" class="ill-device" />
      <path d="M60 122 L100 112 L140 122" class="ill-beam" />
    </svg>
  );
}

/** Speaker glyph drawn in SVG: kiosk images often lack an emoji font. */
export function SpeakerIcon() {
  return (
    <svg class="icon" viewBox="0 0 24 24" aria-hidden="true">
      <path d="M3 9h4l5-4v14l-5-4H3z" class="icon-fill" />
      <path d="M15.5 8.5a5 5 0 0 1 0 7M18.5 5.5a9 9 0 0 1 0 13" class="icon-stroke" />
    </svg>
  );
}
