'use strict';
// The supervision board: signs in at Keycloak (authorization code + PKCE, public client), then polls the board API.
// Tokens stay in memory only; a reload signs in again silently while the Keycloak session lasts.

const ROLES = {
  UNIT_HEAD: '责任单位负责人', CIVILIZATION_OFFICE: '区文明办', DISTRICT_LEADER_IN_CHARGE: '分管区领导',
  PRINCIPAL_LEADERS: '区主要领导', UNIT: '责任单位'
};
const REASONS = {
  RECTIFICATION_OVERDUE: '整改逾期', ACKNOWLEDGEMENT_OVERDUE: '签收逾期', REWORK: '整改不合格返工',
  LEADER_INSTRUCTION: '领导批示', INSTRUCTION_OVERDUE: '批示督办逾期', SITE_LISTED: '点位挂牌督办',
  SITE_DELISTED: '点位撤销挂牌', LISTED_SITE_OVERDUE: '挂牌督办逾期', ALERT_ACKNOWLEDGED: '督办提醒已确认',
  ALERT_HANDED_OVER: '督办提醒未确认，已转下一人', ALERT_UNANSWERED: '督办提醒无人确认'
};
/** What a record without a ladder level is, in the feed's level column. */
const UNLEVELLED = { REWORK: '返工', LEADER_INSTRUCTION: '批示', SITE_LISTED: '挂牌', SITE_DELISTED: '销号' };
const POLL_MILLIS = 2000;
const FRESH_MILLIS = 30000;
const ZONE = 'Asia/Shanghai';
const session = {
  config: null, token: null, refreshToken: null, expiresAt: 0, lastSequence: 0, feed: [], arrived: new Map(),
  loaded: false
};

function b64url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_')
    .replace(/=+$/, '');
}

function randomText() {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  return b64url(bytes);
}

function redirectUri() {
  return location.origin + location.pathname;
}

function status(text) {
  document.getElementById('status').textContent = text;
}

async function signIn() {
  const verifier = randomText();
  const state = randomText();
  sessionStorage.setItem('board.verifier', verifier);
  sessionStorage.setItem('board.state', state);
  const challenge = b64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const query = new URLSearchParams({
    client_id: session.config.clientId, response_type: 'code', scope: 'openid', redirect_uri: redirectUri(),
    state, code_challenge: challenge, code_challenge_method: 'S256'
  });
  location.assign(session.config.authority + '/protocol/openid-connect/auth?' + query);
}

async function requestToken(params) {
  const response = await fetch(session.config.authority + '/protocol/openid-connect/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: session.config.clientId, ...params })
  });
  if (!response.ok) {
    throw new Error('登录服务返回 ' + response.status);
  }
  const tokens = await response.json();
  session.token = tokens.access_token;
  session.refreshToken = tokens.refresh_token;
  session.expiresAt = Date.now() + tokens.expires_in * 1000;
}

function claims(token) {
  const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(payload), c => c.charCodeAt(0))));
}

function cell(row, text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) {
    td.className = className;
  }
  row.appendChild(td);
}

function duration(seconds) {
  if (seconds < 60) {
    return seconds + ' 秒';
  }
  if (seconds < 3600) {
    return Math.round(seconds / 60) + ' 分钟';
  }
  if (seconds < 86400) {
    return (seconds / 3600).toFixed(1) + ' 小时';
  }
  return (seconds / 86400).toFixed(1) + ' 天';
}

/** The name people use of a unit or township, as the latest dispatch gave it; the code until one is known. */
function named(code) {
  return (session.names && session.names[code]) || code;
}

function renderCases(cases) {
  const body = document.querySelector('#cases tbody');
  body.replaceChildren();
  let open = 0;
  let overdue = 0;
  for (const c of cases) {
    open += c.open;
    overdue += c.overdue;
    const row = document.createElement('tr');
    row.dataset.unit = c.unit;
    row.dataset.township = c.township;
    if (c.overdue > 0) {
      row.className = 'overdue';
    }
    cell(row, named(c.unit));
    cell(row, c.township === 'NONE' ? '（未定）' : named(c.township));
    cell(row, String(c.open), 'number');
    cell(row, String(c.overdue), 'number');
    body.appendChild(row);
  }
  document.getElementById('total-open').textContent = String(open);
  document.getElementById('total-overdue').textContent = String(overdue);
}

function renderFeed(items, live) {
  const now = Date.now();
  if (live) {
    items.forEach(item => session.arrived.set(item.sequence, now));
  }
  session.feed = items.concat(session.feed).slice(0, 100);
  const list = document.getElementById('feed');
  list.replaceChildren();
  for (const item of session.feed) {
    const li = document.createElement('li');
    li.dataset.finding = item.findingId;
    li.dataset.level = String(item.level);
    if (now - (session.arrived.get(item.sequence) || 0) < FRESH_MILLIS) {
      li.className = 'fresh';
    }
    const level = document.createElement('span');
    level.className = 'level';
    const reason = item.reason.split(';')[0].trim();
    level.textContent = item.level > 0 ? '第 ' + item.level + ' 级' : (UNLEVELLED[reason] || '记录');
    li.appendChild(level);
    li.appendChild(document.createTextNode(new Date(item.recordedAt).toLocaleString('zh-CN', { timeZone: ZONE }) + ' ' + named(item.unit)
      + ' → ' + (ROLES[item.responsibleRole] || item.responsibleRole) + '：' + (REASONS[reason] || item.reason)
      + (item.overdueSeconds > 0 ? '，已逾期 ' + duration(item.overdueSeconds) : '')
      + (item.note ? '（' + item.note + '）' : '')
      + '（问题 ' + item.findingId.substring(0, 8) + '）'));
    list.appendChild(li);
  }
}

function renderAwaiting(items) {
  const list = document.getElementById('awaiting');
  list.replaceChildren();
  for (const item of items) {
    const li = document.createElement('li');
    li.dataset.finding = item.findingId;
    li.dataset.record = item.recordId;
    li.textContent = new Date(item.recordedAt).toLocaleString('zh-CN', { timeZone: ZONE }) + ' ' + named(item.unit)
      + ' 第 ' + item.level + ' 级问责建议 → ' + (ROLES[item.responsibleRole] || item.responsibleRole)
      + '（问题 ' + item.findingId.substring(0, 8) + '，台账第 ' + item.sequence + ' 条）';
    list.appendChild(li);
  }
  if (items.length === 0) {
    const li = document.createElement('li');
    li.className = 'none';
    li.textContent = '无';
    list.appendChild(li);
  }
}

function renderListed(sites) {
  const body = document.querySelector('#listed tbody');
  body.replaceChildren();
  for (const s of sites) {
    const row = document.createElement('tr');
    row.dataset.finding = s.findingId;
    row.dataset.listing = s.listingId;
    const overdue = s.orderClosedAt === null && new Date(s.dueBy).getTime() < Date.now();
    if (overdue) {
      row.className = 'overdue';
    }
    cell(row, s.siteName);
    cell(row, s.township === null ? '（未定）' : named(s.township));
    cell(row, named(s.leadUnit));
    cell(row, String(s.recurrences), 'number');
    cell(row, new Date(s.listedAt).toLocaleDateString('zh-CN', { timeZone: ZONE }));
    cell(row, s.orderClosedAt !== null ? '已整改，观察期中'
      : new Date(s.dueBy).toLocaleString('zh-CN', { timeZone: ZONE }) + (overdue ? '（已逾期）' : ''));
    cell(row, s.level === null ? '—' : '第 ' + s.level + ' 级', 'number');
    body.appendChild(row);
  }
  document.getElementById('total-listed').textContent = String(sites.length);
}

function renderRanking(assessment) {
  document.getElementById('period').textContent = '（' + assessment.period + '）';
  const body = document.querySelector('#ranking tbody');
  body.replaceChildren();
  for (const u of assessment.units) {
    const row = document.createElement('tr');
    row.dataset.unit = u.unit;
    const escalations = Object.values(u.escalationsByLevel).reduce((a, b) => a + b, 0);
    cell(row, String(u.rank), 'number');
    cell(row, named(u.unit));
    cell(row, u.score.toFixed(1), 'number');
    cell(row, u.onTimeRate === null ? '—' : (u.onTimeRate * 100).toFixed(0) + '%', 'number');
    cell(row, String(escalations), 'number');
    cell(row, String(u.reworks), 'number');
    body.appendChild(row);
  }
}

const SVG = 'http://www.w3.org/2000/svg';
const TREND_LINES = [
  ['reported', '新派遣问题'], ['closedOnTime', '按时整改', 'on-time'], ['overdue', '逾期'], ['recurring', '复发']
];

function svg(name, attributes, text) {
  const element = document.createElementNS(SVG, name);
  Object.entries(attributes).forEach(([key, value]) => element.setAttribute(key, String(value)));
  if (text !== undefined) {
    element.textContent = text;
  }
  return element;
}

function weekLabel(date) {
  return date.substring(5).replace('-', '/');
}

/** One chart per series (全区 first, then each township): four lines over the weeks, then its numbers as a table. */
function renderTrends(trends) {
  const box = document.getElementById('trends');
  box.replaceChildren();
  const width = 320;
  const height = 150;
  const left = 28;
  const bottom = 18;
  for (const series of trends.series) {
    const figure = document.createElement('figure');
    figure.dataset.township = series.township;
    const caption = document.createElement('figcaption');
    caption.textContent = series.name;
    figure.appendChild(caption);
    const max = Math.max(1, ...series.weeks.flatMap(w => TREND_LINES.map(([key]) => w[key])));
    const x = i => left + (series.weeks.length === 1 ? 0 : i * (width - left - 8) / (series.weeks.length - 1));
    const y = v => 6 + (height - bottom - 6) * (1 - v / max);
    const chart = svg('svg', { viewBox: '0 0 ' + width + ' ' + height, 'aria-hidden': 'true' });
    chart.appendChild(svg('line', { x1: left, y1: y(0), x2: width - 8, y2: y(0), stroke: '#9aa5b1' }));
    chart.appendChild(svg('text', { x: left - 4, y: y(max) + 4, 'text-anchor': 'end' }, String(max)));
    chart.appendChild(svg('text', { x: left - 4, y: y(0) + 4, 'text-anchor': 'end' }, '0'));
    series.weeks.forEach((w, i) => {
      if (i === 0 || i === series.weeks.length - 1 || i % 4 === 0) {
        const anchor = i === 0 ? 'start' : i === series.weeks.length - 1 ? 'end' : 'middle';
        chart.appendChild(svg('text', { x: x(i), y: height - 4, 'text-anchor': anchor }, weekLabel(w.week)));
      }
    });
    for (const [key, , css] of TREND_LINES) {
      chart.appendChild(svg('polyline', {
        class: css || key, points: series.weeks.map((w, i) => x(i).toFixed(1) + ',' + y(w[key]).toFixed(1)).join(' ')
      }));
    }
    figure.appendChild(chart);
    const table = document.createElement('table');
    table.className = 'numbers';
    const title = document.createElement('caption');
    title.textContent = series.name + '每周趋势';
    table.appendChild(title);
    const head = document.createElement('tr');
    ['周（起始日）', ...TREND_LINES.map(([, label]) => label)].forEach(label => {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = label;
      head.appendChild(th);
    });
    table.appendChild(head);
    for (const w of series.weeks) {
      const row = document.createElement('tr');
      cell(row, w.week);
      TREND_LINES.forEach(([key]) => cell(row, String(w[key]), 'number'));
      table.appendChild(row);
    }
    figure.appendChild(table);
    box.appendChild(figure);
  }
}

/** Polls between map refreshes: areas and places change slowly. */
const MAP_EVERY = 5;

/** The township areas, shaded by open cases and outlined when any is overdue, with repeat and listed sites. */
function renderMap(map) {
  const box = document.getElementById('map');
  box.replaceChildren();
  const all = map.townships.flatMap(t => [t.polygon, ...t.grids.map(g => g.polygon)]).flat()
    .concat(map.points.map(p => [p.longitude, p.latitude]));
  if (map.townships.length === 0 || all.length === 0) {
    document.querySelector('#map-areas tbody').replaceChildren();
    document.getElementById('map-points').replaceChildren();
    document.getElementById('map-summary').textContent = '尚未收到区划数据（routing.published），暂无法绘制地图。';
    return;
  }
  // Loops, not Math.min(...): a detailed boundary has more vertices than a call takes arguments.
  let [west, east, south, north] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const [lon, lat] of all) {
    west = Math.min(west, lon);
    east = Math.max(east, lon);
    south = Math.min(south, lat);
    north = Math.max(north, lat);
  }
  // Equirectangular, shrunk east-west by the cosine of the middle latitude: true enough for one district.
  const k = Math.cos((south + north) / 2 * Math.PI / 180);
  const width = 640;
  const pad = 16;
  const scale = (width - 2 * pad) / Math.max((east - west) * k, 1e-9);
  const height = Math.round((north - south) * scale + 2 * pad);
  const x = lon => (pad + (lon - west) * k * scale).toFixed(1);
  const y = lat => (pad + (north - lat) * scale).toFixed(1);
  const path = ring => ring.map((p, i) => (i === 0 ? 'M' : 'L') + x(p[0]) + ' ' + y(p[1])).join(' ') + ' Z';
  const most = map.townships.reduce((m, t) => Math.max(m, t.open), 1);
  const chart = svg('svg', { viewBox: '0 0 ' + width + ' ' + height, 'aria-hidden': 'true' });
  for (const t of map.townships) {
    const shade = t.open / most;
    const area = svg('path', {
      d: path(t.polygon), class: 'area' + (t.overdue > 0 ? ' has-overdue' : ''),
      // From a pale pink to a mid red, so names and the overdue outline stay legible on the busiest township.
      fill: 'rgb(' + Math.round(253 - 24 * shade) + ',' + Math.round(236 - 121 * shade) + ','
        + Math.round(234 - 119 * shade) + ')'
    });
    area.dataset.township = t.code;
    area.appendChild(svg('title', {}, t.name + '：未结 ' + t.open + '，逾期 ' + t.overdue));
    chart.appendChild(area);
    t.grids.forEach(g => chart.appendChild(svg('path', { d: path(g.polygon), class: 'grid' })));
  }
  for (const t of map.townships) {
    const ring = t.polygon.slice(0, -1);
    const cx = ring.reduce((a, p) => a + p[0], 0) / ring.length;
    const cy = ring.reduce((a, p) => a + p[1], 0) / ring.length;
    chart.appendChild(svg('text', { x: x(cx), y: y(cy) }, t.name));
    chart.appendChild(svg('text', { x: x(cx), y: Number(y(cy)) + 22 }, '未结 ' + t.open + ' · 逾期 ' + t.overdue));
  }
  for (const p of map.points) {
    const mark = p.listed
      ? svg('rect', { x: Number(x(p.longitude)) - 6, y: Number(y(p.latitude)) - 6, width: 12, height: 12,
        class: 'point-listed' })
      : svg('circle', { cx: x(p.longitude), cy: y(p.latitude), r: 5, class: 'point-recurring' });
    mark.dataset.finding = p.findingId;
    mark.appendChild(svg('title', {}, pointText(p)));
    chart.appendChild(mark);
  }
  box.appendChild(chart);
  const body = document.querySelector('#map-areas tbody');
  body.replaceChildren();
  for (const t of map.townships) {
    const row = document.createElement('tr');
    cell(row, t.name);
    cell(row, String(t.open), 'number');
    cell(row, String(t.overdue), 'number');
    body.appendChild(row);
  }
  const list = document.getElementById('map-points');
  list.replaceChildren();
  for (const p of map.points) {
    const li = document.createElement('li');
    li.dataset.finding = p.findingId;
    li.textContent = pointText(p);
    list.appendChild(li);
  }
  if (map.points.length === 0) {
    const li = document.createElement('li');
    li.textContent = '暂无复发问题或挂牌督办点位';
    list.appendChild(li);
  }
  document.getElementById('map-summary').textContent = '区划数据 ' + map.version + '；另有 ' + map.elsewhere
    + ' 件未结案件不在已绘制的街镇内（其中逾期 ' + map.elsewhereOverdue + ' 件）。';
}

function pointText(p) {
  const place = p.township ? named(p.township) : '属地未定';
  return p.listed
    ? '挂牌督办：' + (p.listedSiteName || p.siteName || '（点位）') + '（' + place + '，复发 ' + p.recurrences + ' 次）'
    : '复发问题：' + (p.siteName || '（点位）') + '（' + place + '，第 ' + (p.repeatCount + 1) + ' 次发现'
      + (p.overdue ? '，已逾期' : '') + '）';
}

async function refreshMap() {
  const response = await fetch('/api/v1/board/map', {
    headers: { Authorization: 'Bearer ' + session.token, Accept: 'application/json' }
  });
  if (response.ok) {
    renderMap(await response.json());
  }
}

async function refresh() {
  if (session.refreshToken && Date.now() > session.expiresAt - 30000) {
    await requestToken({ grant_type: 'refresh_token', refresh_token: session.refreshToken });
  }
  const response = await fetch('/api/v1/board?afterSequence=' + session.lastSequence, {
    headers: { Authorization: 'Bearer ' + session.token, Accept: 'application/json' }
  });
  if (response.status === 401) {
    await signIn();
    return;
  }
  if (response.status === 403) {
    throw new Error('当前账号无权查看督办看板（需要文明办或区领导角色）');
  }
  if (!response.ok) {
    throw new Error('看板数据暂时无法获取（' + response.status + '）');
  }
  const board = await response.json();
  const live = session.loaded;
  session.loaded = true;
  if (board.feed.length > 0) {
    session.lastSequence = Math.max(session.lastSequence, ...board.feed.map(item => item.sequence));
  }
  session.names = board.names || {};
  renderCases(board.cases);
  renderFeed(board.feed, live);
  renderAwaiting(board.awaitingDisposition);
  renderListed(board.listedSites);
  renderRanking(board.ranking);
  renderTrends(board.trends);
  if ((session.polls = (session.polls || 0) + 1) % MAP_EVERY === 1) {
    await refreshMap();
  }
  document.getElementById('updated').textContent = '更新于 ' + new Date(board.generatedAt).toLocaleTimeString('zh-CN', { timeZone: ZONE });
  status('');
}

function poll() {
  refresh().catch(error => status(error.message)).finally(() => setTimeout(poll, POLL_MILLIS));
}

async function start() {
  session.config = await (await fetch('/api/v1/board/sign-in')).json();
  const query = new URLSearchParams(location.search);
  if (!query.has('code')) {
    await signIn();
    return;
  }
  if (query.get('state') !== sessionStorage.getItem('board.state')) {
    throw new Error('登录状态不匹配，请重新打开看板');
  }
  await requestToken({
    grant_type: 'authorization_code', code: query.get('code'), redirect_uri: redirectUri(),
    code_verifier: sessionStorage.getItem('board.verifier')
  });
  sessionStorage.removeItem('board.verifier');
  sessionStorage.removeItem('board.state');
  history.replaceState(null, '', location.pathname);
  const who = claims(session.token);
  document.getElementById('user').textContent = '当前用户：' + (who.name || who.preferred_username);
  const logout = document.getElementById('logout');
  logout.hidden = false;
  logout.addEventListener('click', () => location.assign(session.config.authority
    + '/protocol/openid-connect/logout?' + new URLSearchParams({
      client_id: session.config.clientId, post_logout_redirect_uri: redirectUri()
    })));
  document.querySelector('main').hidden = false;
  poll();
}

start().catch(error => status(error.message));
