import { sampleCard } from '../../drivers/sim/sample-cards';

/**
 * The demo station's two agents, published to the demo platform for this terminal (npm start).
 * Their cards are sample cards of the demo strip; the PINs are for trying it out only.
 */
export const DEMO_AGENTS = [
  { id: 'A001', name: '刘帮办', sampleCardId: 'agent-liu', pin: '135790' },
  { id: 'A002', name: '周代办', sampleCardId: 'agent-zhou', pin: '246802' },
] as const;

export function demoAgentRecords(): { id: string; name: string; id_number: string; pin: string }[] {
  return DEMO_AGENTS.map((a) => ({
    id: a.id,
    name: a.name,
    id_number: sampleCard(a.sampleCardId).idNumber,
    pin: a.pin,
  }));
}
