import { render } from 'preact';
import { api } from '../shared/browser';
import { PopupApp } from './PopupApp';

void api.tabs.query({ active: true, currentWindow: true }).then(([tab]) => {
  render(<PopupApp tabId={tab?.id ?? null} />, document.getElementById('app')!);
});
