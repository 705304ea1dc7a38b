import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initBridge } from './bridge';
import { App } from './app/App';

// The bridge takes its token out of the address before the router reads the hash.
initBridge();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
