import { createRoot } from 'react-dom/client';

function Popup() {
  return <main><h1>Gleanin Bridge</h1></main>;
}

createRoot(document.getElementById('root')!).render(<Popup />);
