// The quick-ask popup's entry: the same window.assistant as the main window (so a question asked here is
// a turn of the one conversation), a smaller page.
import { mount } from 'svelte';
import QuickAsk from './QuickAsk.svelte';
import { installAssistant } from './bridge/install';
import { setLink } from './lib/link-state.svelte';
import './styles/theme.css';
import './styles/base.css';

installAssistant(window, setLink);

const target = document.getElementById('app');
if (!target) throw new Error('missing #app');
// No ondismiss: in Electron the shell hides the popup on Esc itself (before-input-event), and a browser
// tab has nothing to close.
export default mount(QuickAsk, { target });
