// What must hold after journeys against a host that was SIGKILLed at random moments (issue 10
// item 10): every journey that showed 已保存 has its transaction and its outbox row, under the
// same tx_id and local number it was shown with; the database passes integrity_check; every
// journey was saved in the end (a killed one is redone with the same requestId); nothing was
// saved twice; and the platform applied every saved transaction it accepted exactly once (one it
// rejected — a verdict the station agent sees — not at all). One line per violation (empty = the
// run holds).
export interface SavedJourney {
  index: number;
  requestId: string;
  txId: string;
  localNumber: string;
}

export interface JourneyEvidence {
  journeys: number;
  saved: SavedJourney[];
  integrity: string[];
  transactions: { tx_id: string; request_id: string; local_number: string }[];
  outbox: { tx_id: string; state: string }[];
  platformTxIds: string[];
}

export function checkJourneys(e: JourneyEvidence): string[] {
  const problems: string[] = [];
  if (e.integrity.length !== 1 || e.integrity[0] !== 'ok')
    problems.push(`integrity_check: ${e.integrity.slice(0, 5).join('; ')}`);
  const txById = new Map(e.transactions.map((t) => [t.tx_id, t]));
  const outboxById = new Map(e.outbox.map((o) => [o.tx_id, o]));
  const onPlatform = new Map<string, number>();
  for (const id of e.platformTxIds) onPlatform.set(id, (onPlatform.get(id) ?? 0) + 1);

  const savedIndexes = new Set<number>();
  const shown = new Map<string, SavedJourney>();
  for (const s of e.saved) {
    savedIndexes.add(s.index);
    const earlier = shown.get(s.requestId);
    if (earlier && earlier.txId !== s.txId)
      problems.push(`DUPLICATE: request ${s.requestId} was shown saved as ${earlier.txId} and as ${s.txId}`);
    shown.set(s.requestId, s);
    const tx = txById.get(s.txId);
    if (!tx)
      problems.push(
        `LOST: journey ${s.index} showed 已保存 (${s.localNumber}, tx ${s.txId}) but has no transaction row`,
      );
    else if (tx.request_id !== s.requestId || tx.local_number !== s.localNumber) {
      problems.push(
        `journey ${s.index}: transaction ${s.txId} is request ${tx.request_id} / ${tx.local_number}, was shown as ${s.requestId} / ${s.localNumber}`,
      );
    }
    const row = outboxById.get(s.txId);
    if (!row) problems.push(`LOST: journey ${s.index} (tx ${s.txId}) has no outbox row`);
    const copies = onPlatform.get(s.txId) ?? 0;
    if (row?.state === 'rejected') {
      if (copies > 0) problems.push(`tx ${s.txId} was rejected but is on the platform ${copies} times`);
      continue;
    }
    if (copies === 0) problems.push(`LOST: journey ${s.index} (tx ${s.txId}) never reached the platform`);
    if (copies > 1) problems.push(`DUPLICATE: tx ${s.txId} applied ${copies} times on the platform`);
  }
  for (let i = 0; i < e.journeys; i++) if (!savedIndexes.has(i)) problems.push(`journey ${i} was never saved`);

  const requests = new Set(e.transactions.map((t) => t.request_id));
  if (requests.size !== e.transactions.length)
    problems.push('DUPLICATE: a requestId has more than one transaction row');
  if (new Set(e.transactions.map((t) => t.local_number)).size !== e.transactions.length)
    problems.push('DUPLICATE: a local number was given twice');
  const shownTx = new Set(e.saved.map((s) => s.txId));
  for (const t of e.transactions) {
    if (!shownTx.has(t.tx_id))
      problems.push(`phantom transaction ${t.tx_id} (request ${t.request_id}): saved but never shown to any journey`);
    if (!outboxById.has(t.tx_id)) problems.push(`transaction ${t.tx_id} has no outbox row (they commit together)`);
  }
  for (const o of e.outbox) {
    if (!txById.has(o.tx_id)) problems.push(`outbox row ${o.tx_id} has no transaction`);
    if (o.state !== 'acked' && o.state !== 'rejected')
      problems.push(`outbox row ${o.tx_id} is ${o.state} after the drain, expected a verdict`);
  }
  for (const id of onPlatform.keys()) if (!txById.has(id)) problems.push(`phantom on the platform: ${id}`);
  return problems;
}
