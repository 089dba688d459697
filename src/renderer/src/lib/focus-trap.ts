// Tab and Shift+Tab wrap inside a modal dialog. showModal already makes the page behind inert; wrapping also
// keeps focus off the browser chrome. Shared by every dialog of the window.
const FOCUSABLE = 'button, input, select, textarea, [tabindex]:not([tabindex="-1"])';

export function wrapTab(dialog: HTMLElement | undefined | null, event: KeyboardEvent): void {
  if (event.key !== 'Tab' || !dialog) return;
  const focusable = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => !el.hasAttribute('disabled') && el.offsetParent !== null);
  const first = focusable[0];
  const last = focusable.at(-1);
  if (event.shiftKey && document.activeElement === first) {
    event.preventDefault();
    last?.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first?.focus();
  }
}
