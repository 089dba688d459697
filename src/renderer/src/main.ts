import { mount } from 'svelte';
import App from './App.svelte';
import { installAssistant } from './bridge/install';
import { setLink } from './lib/link-state.svelte';
import './styles/theme.css';
import './styles/base.css';

installAssistant(window, setLink);

const target = document.getElementById('app');
if (!target) throw new Error('missing #app');
export default mount(App, { target });
