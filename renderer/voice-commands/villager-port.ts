import type { VillagerController } from '../villager/controller';
import type { VillagerPort } from './villager-voice';

/** The villager controller as voice commands see it. */
export function villagerPortOf(c: VillagerController): VillagerPort {
  return {
    screenName: () => c.state.screen.value.name,
    services: () => c.state.services.value,
    form: () => c.state.form.value,
    goHome: () => void c.goHome(),
    repeatPrompt: () => c.repeatPrompt(),
    chooseService: (code) => void c.chooseService(code),
    answer: (id, value) => c.answer(id, value),
    nextStep: () => c.nextStep(),
    previousStep: () => c.previousStep(),
    reviewBack: () => c.reviewBack(),
    submit: () => void c.submit(),
  };
}
