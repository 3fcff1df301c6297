// The recommendations page: pick a listener, show their latest explained recommendations, send feedback.
// Plain JS, no build step. Text from the API is only ever set with textContent, never parsed as HTML.
(function () {
  'use strict';

  const REFRESH_MS = 5000;
  const userSelect = document.getElementById('user');
  const statusLine = document.getElementById('status');
  const itemsList = document.getElementById('items');
  const about = document.getElementById('about');
  const template = document.getElementById('item-template');
  let lastShown = null; // JSON of what is on screen, so an unchanged refresh does not steal focus
  let loadProblem = false; // the status line shows a loading problem, to clear once loading works again

  function setStatus(text) {
    statusLine.textContent = text;
  }

  function formatTime(iso) {
    if (!iso) return '';
    const d = new Date(iso);
    return isNaN(d) ? iso : d.toLocaleString();
  }

  function describeTrigger(trigger) {
    if (!trigger) return 'unknown';
    const kind = trigger.kind ? trigger.kind.toLowerCase() : 'event';
    const item = trigger.item
      ? (trigger.item.track ? trigger.item.artist + ' – ' + trigger.item.track : trigger.item.artist)
      : '';
    return kind + (item ? ' of ' + item : '') + (trigger.at ? ' at ' + formatTime(trigger.at) : '');
  }

  async function loadUsers() {
    const wanted = new URLSearchParams(location.search).get('user');
    let users = [];
    try {
      const res = await fetch('/users');
      if (res.ok) users = (await res.json()).users || [];
    } catch (e) {
      setStatus('Cannot reach the server: ' + e.message);
    }
    if (wanted && !users.includes(wanted)) users.unshift(wanted);
    const current = userSelect.value || wanted;
    userSelect.replaceChildren();
    for (const id of users) {
      const option = document.createElement('option');
      option.value = id;
      option.textContent = id;
      userSelect.appendChild(option);
    }
    if (current && users.includes(current)) userSelect.value = current;
    if (users.length === 0) setStatus('No listener has recommendations yet. Play some music, then refresh.');
  }

  function render(recs) {
    const shown = JSON.stringify(recs);
    if (shown === lastShown) return;
    lastShown = shown;
    document.getElementById('trigger').textContent = describeTrigger(recs.trigger);
    document.getElementById('based-on').textContent = formatTime(recs.basedOn);
    document.getElementById('generated').textContent = formatTime(recs.generatedAt);
    document.getElementById('model').textContent = recs.modelVersion;
    about.hidden = false;
    itemsList.replaceChildren();
    for (const item of recs.items || []) {
      const li = template.content.firstElementChild.cloneNode(true);
      li.querySelector('.rank').textContent = item.rank;
      li.querySelector('.artist').textContent = item.artist;
      li.querySelector('.reason').textContent = item.reason;
      for (const button of li.querySelectorAll('.actions button')) {
        const label = button.textContent;
        button.setAttribute('aria-label', label + ' ' + item.artist);
        button.addEventListener('click', () => sendFeedback(button.dataset.type, item.artist, button));
      }
      itemsList.appendChild(li);
    }
  }

  async function loadRecommendations() {
    const user = userSelect.value;
    if (!user) return;
    try {
      const res = await fetch('/users/' + encodeURIComponent(user) + '/recommendations');
      if (res.status === 404) {
        lastShown = null;
        itemsList.replaceChildren();
        about.hidden = true;
        setStatus('No recommendations for ' + user + ' yet.');
        loadProblem = true;
        return;
      }
      const body = await res.json();
      if (!res.ok) {
        setStatus(body.error || ('Server answered ' + res.status));
        loadProblem = true;
        return;
      }
      render(body);
      if (loadProblem) {
        setStatus('');
        loadProblem = false;
      }
    } catch (e) {
      setStatus('Cannot load recommendations: ' + e.message);
      loadProblem = true;
    }
  }

  async function sendFeedback(type, artist, button) {
    const user = userSelect.value;
    button.disabled = true;
    try {
      const res = await fetch('/users/' + encodeURIComponent(user) + '/feedback', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ type: type, artist: artist })
      });
      if (res.status === 202) {
        setStatus(type.charAt(0) + type.slice(1).toLowerCase() + ' of ' + artist
          + ' saved; recommendations update in a moment.');
      } else {
        const body = await res.json().catch(() => ({}));
        setStatus('Feedback not saved: ' + (body.error || res.status));
      }
    } catch (e) {
      setStatus('Feedback not saved: ' + e.message);
    } finally {
      button.disabled = false;
    }
  }

  userSelect.addEventListener('change', () => {
    const url = new URL(location.href);
    url.searchParams.set('user', userSelect.value);
    history.replaceState(null, '', url);
    lastShown = null;
    loadRecommendations();
  });
  document.getElementById('refresh').addEventListener('click', async () => {
    await loadUsers();
    loadRecommendations();
  });

  async function tick() {
    if (!document.hidden) {
      if (!userSelect.value) await loadUsers();
      await loadRecommendations();
    }
    setTimeout(tick, REFRESH_MS);
  }

  loadUsers().then(tick);
})();
