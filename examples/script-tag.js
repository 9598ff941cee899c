// The script-tag example's own code: a classic script (no modules, no build).
// It gives the console a ticketProvider, which is called for every connection
// and every reconnect because tickets are single-use. Here the tickets come
// from the mock ESXi server; in production, from your backend, which calls
// vSphere's AcquireTicket("webmks") or Nova's remote-consoles API.
{
  const vm = document.getElementById('vm');
  const cad = document.getElementById('cad');
  const state = document.getElementById('state');

  vm.ticketProvider = async () => {
    const res = await fetch('/api/tickets', {
      method: 'POST',
      headers: {'content-type': 'application/json'},
      body: JSON.stringify({name: 'script-tag-vm'}),
    });
    if (!res.ok) throw new Error('no ticket: HTTP ' + res.status);
    return res.json(); // {host, port, ticket, url}: the element builds the WebSocket URL
  };

  vm.addEventListener('webmks-state', (event) => {
    state.textContent = event.detail.state;
    cad.disabled = event.detail.state !== 'connected';
  });
  vm.addEventListener('webmks-connect', (event) => {
    // Server text: always set as text, never as HTML.
    state.textContent = 'connected to ' + event.detail.name;
  });
  cad.addEventListener('click', () => {
    vm.sendCtrlAltDel();
    vm.focus();
  });
}
