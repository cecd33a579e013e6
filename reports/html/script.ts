/**
 * The report's only script, inline: matrix filters, copy buttons for replay commands, and a
 * pixel read-out under each picture (the PNGs are decoded by the browser, nothing is fetched).
 */
export const SCRIPT = `
(() => {
  const matrix = document.querySelector('table.matrix');
  for (const b of document.querySelectorAll('.filters button')) {
    b.addEventListener('click', () => {
      for (const o of document.querySelectorAll('.filters button')) o.setAttribute('aria-pressed', String(o === b));
      matrix.classList.remove('only-bad', 'only-ambiguous');
      if (b.dataset.filter) matrix.classList.add(b.dataset.filter);
    });
  }
  for (const b of document.querySelectorAll('button.copy')) {
    b.addEventListener('click', async () => {
      const text = b.previousElementSibling.textContent;
      try { await navigator.clipboard.writeText(text); b.textContent = 'copied'; }
      catch { getSelection().selectAllChildren(b.previousElementSibling); b.textContent = 'selected'; }
      setTimeout(() => { b.textContent = 'copy'; }, 1500);
    });
  }
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  for (const img of document.querySelectorAll('.px img')) {
    const out = img.closest('figure').querySelector('.probe');
    const w = Number(img.dataset.w), h = Number(img.dataset.h);
    img.addEventListener('mousemove', (ev) => {
      const r = img.getBoundingClientRect();
      const scale = Math.min(r.width / w, r.height / h);
      const x = Math.floor((ev.clientX - r.left - (r.width - w * scale) / 2) / scale);
      const y = Math.floor((ev.clientY - r.top - (r.height - h * scale) / 2) / scale);
      if (x < 0 || y < 0 || x >= w || y >= h) { out.textContent = ''; return; }
      canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
      ctx.drawImage(img, 0, 0);
      const px = ctx.getImageData(Math.floor((x + 0.5) * img.naturalWidth / w), Math.floor((y + 0.5) * img.naturalHeight / h), 1, 1).data;
      out.textContent = '(' + x + ', ' + y + ')  ' + px[0] + ',' + px[1] + ',' + px[2];
    });
    img.addEventListener('mouseleave', () => { out.textContent = ''; });
  }
})();
`;
