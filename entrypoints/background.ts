import { defineBackground } from 'wxt/utils/define-background';

export default defineBackground(() => {
  // Wired to the sync engine in issue 4/5.
});
