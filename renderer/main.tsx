import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import './styles/base.css';
import './styles/layout.css';
// The reusable pieces, then each screen's own sheet. The order is the cascade: a later sheet wins a tie.
import './styles/components/buttons.css';
import './styles/components/fields.css';
import './styles/components/badges-alerts.css';
import './styles/components/tables.css';
import './styles/components/empty-states-progress.css';
import './styles/components/dialog.css';
import './styles/components/legend.css';
import './styles/components/lists.css';
import './styles/screens/batches.css';
import './styles/screens/intake.css';
import './styles/screens/quarantine.css';
import './styles/screens/settings.css';
import './styles/screens/batch-viewer.css';
import './styles/components/recognition-progress.css';
import './styles/components/page-view.css';
import './styles/screens/indexing.css';
import './styles/screens/indexing-panel.css';
import './styles/components/combobox.css';
import './styles/screens/settings-patient-index.css';
import './styles/screens/delivery.css';
import './styles/components/batch-notices.css';
import './styles/reports.css';
import './styles/review.css';
import './styles/tables.css';
// Last: how every screen fits 1366x768 and 200% zoom (it overrides the rules above).
import './styles/small-screens.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
