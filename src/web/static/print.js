// Progressive enhancement for printable pages: shows the "print" button and makes it open the browser's
// print dialog. Without JavaScript the page says to use the browser's print command instead.
for (const button of document.querySelectorAll('[data-print]')) {
  button.hidden = false;
  button.addEventListener('click', () => window.print());
}
