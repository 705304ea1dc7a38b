import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../styles.css';
import './console.css';
import { ConsoleApp } from './app/ConsoleApp';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <ConsoleApp />
  </StrictMode>,
);
