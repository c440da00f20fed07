/*
 * MMS Router NOC console. Static, no framework: polls the admin API (/admin/api, see the contract in
 * README "Console") and keeps the page's elements up to date in place, never reloading the page.
 *
 *   overview  every 2 s  MMSC cards, queues, totals, router nodes, DNS
 *   series    every 5 s  charts of the last hour (uPlot)
 *   events, audit, dead letters  every 5 s, and at once after an action
 *   queued MMs (list and qshape)  every 15 s, and at once after an action or "Show"
 *
 * A failed poll keeps the last data on screen and says, in the error banner, since when it is stale.
 * Actions (operators only) carry the session's CSRF token; destructive ones ask in a <dialog> first.
 * Stable hooks for tests and scripts: data-mmsc, data-health, data-admin-state on MMSC cards,
 * data-action on buttons, data-dead-letter on dead-letter rows, data-router-message-id on queued-MM rows,
 * data-mmsc on qshape rows, data-action/data-target on audit rows,
 * body[data-state] (loading | live | stale) and body[data-can-act].
 */
(function () {
    'use strict';

    // location.origin never carries user:password@, which fetch() refuses in a URL.
    var API = location.origin + '/admin/api';
    var OVERVIEW_MS = 2000;
    var SERIES_MS = 5000;
    var LISTS_MS = 5000;
    var LIST_LIMIT = 50;
    var DEAD_LETTER_LIMIT = 100;

    var state = {
        session: null,
        lastOverviewAt: null,      // Date of the last successful overview
        serverNow: null,           // the overview's "at", as ms since the epoch
        failures: {},              // source -> {since: Date, message: string}
        purgeToken: null,
        deadLetterCount: 0,        // dead letters listed
        totalDeadLetters: null,    // dead letters as the last overview counted them
        deadLetterTotal: null,     // dead letters as the last list counted them (its "total")
        charts: {throughput: null, queue: null},
        busy: {}                   // key -> true while an action on it is in flight
    };

    function $(id) {
        return document.getElementById(id);
    }

    /** A new element: el('td', {className: 'num', dataset: {x: 'y'}}, 'text', childNode, …). */
    function el(tag, props) {
        var node = document.createElement(tag);
        if (props) {
            Object.keys(props).forEach(function (key) {
                if (key === 'dataset') {
                    Object.keys(props.dataset).forEach(function (name) {
                        node.dataset[name] = props.dataset[name];
                    });
                } else {
                    node[key] = props[key];
                }
            });
        }
        for (var i = 2; i < arguments.length; i++) {
            var child = arguments[i];
            if (child === null || child === undefined) {
                continue;
            }
            node.appendChild(typeof child === 'string' || typeof child === 'number'
                ? document.createTextNode(String(child)) : child);
        }
        return node;
    }

    function setText(node, text) {
        var value = text === null || text === undefined ? '' : String(text);
        if (node.textContent !== value) {
            node.textContent = value;
        }
    }

    // ---- formatting --------------------------------------------------------------------------

    function pad(n) {
        return n < 10 ? '0' + n : String(n);
    }

    function fmtTime(iso) {
        if (!iso) {
            return '–';
        }
        var d = iso instanceof Date ? iso : new Date(iso);
        if (isNaN(d.getTime())) {
            return String(iso);
        }
        var time = pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
        var now = new Date();
        if (d.toDateString() === now.toDateString()) {
            return time;
        }
        return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' + time;
    }

    function fmtDuration(seconds) {
        if (seconds === null || seconds === undefined || isNaN(seconds)) {
            return '–';
        }
        var s = Math.max(0, Math.round(seconds));
        if (s < 60) {
            return s + ' s';
        }
        if (s < 3600) {
            return Math.floor(s / 60) + ' min ' + pad(s % 60) + ' s';
        }
        if (s < 86400) {
            return Math.floor(s / 3600) + ' h ' + pad(Math.floor(s % 3600 / 60)) + ' min';
        }
        return Math.floor(s / 86400) + ' d ' + Math.floor(s % 86400 / 3600) + ' h';
    }

    function fmtRate(value) {
        if (value === null || value === undefined || isNaN(value)) {
            return '–';
        }
        if (value === 0) {
            return '0';
        }
        if (value < 0.1) {
            return value.toFixed(2);
        }
        if (value < 100) {
            return value.toFixed(1);
        }
        return Math.round(value).toLocaleString('en');
    }

    function fmtPercent(ratio) {
        if (ratio === null || ratio === undefined || isNaN(ratio)) {
            return '–';
        }
        return (ratio * 100).toFixed(ratio > 0 && ratio < 0.01 ? 2 : 1) + ' %';
    }

    function fmtCount(value) {
        return value === null || value === undefined ? '–' : Number(value).toLocaleString('en');
    }

    function fmtBytes(n) {
        if (n === null || n === undefined) {
            return '–';
        }
        if (n < 1024) {
            return n + ' B';
        }
        if (n < 1024 * 1024) {
            return (n / 1024).toFixed(1) + ' KB';
        }
        return (n / 1024 / 1024).toFixed(1) + ' MB';
    }

    /** Seconds between an ISO instant and the server's "now" (the overview's "at"; else this clock). */
    function ageOf(iso) {
        if (!iso) {
            return null;
        }
        var then = Date.parse(iso);
        if (isNaN(then)) {
            return null;
        }
        var now = state.serverNow !== null ? state.serverNow : Date.now();
        return (now - then) / 1000;
    }

    function roleLabel(roles) {
        if (!roles || !roles.length) {
            return 'no role';
        }
        return roles.map(function (role) {
            if (role === 'noc-operator') {
                return 'operator';
            }
            if (role === 'noc-viewer') {
                return 'viewer (read-only)';
            }
            return role;
        }).join(', ');
    }

    // ---- API ---------------------------------------------------------------------------------

    function ApiError(status, message, body) {
        this.status = status;
        this.message = message;
        this.body = body || null;   // the answer's JSON, e.g. a queue action's look (409 with its token)
    }
    ApiError.prototype.toString = function () {
        return this.status ? 'HTTP ' + this.status + (this.message ? ': ' + this.message : '') : this.message;
    };

    function request(method, path, json) {
        var headers = {'Accept': 'application/json'};
        if (method !== 'GET' && state.session && state.session.csrfToken) {
            headers['X-CSRF-Token'] = state.session.csrfToken;
        }
        var init = {method: method, headers: headers, credentials: 'same-origin', cache: 'no-store'};
        if (json !== undefined) {
            headers['Content-Type'] = 'application/json';
            init.body = JSON.stringify(json);
        }
        return fetch(API + path, init)
            .catch(function (e) {
                throw new ApiError(0, 'admin API unreachable (' + (e && e.message ? e.message : e) + ')');
            })
            .then(function (response) {
                return response.text().then(function (body) {
                    var json = null;
                    if (body) {
                        try {
                            json = JSON.parse(body);
                        } catch (ignored) {
                            json = null;
                        }
                    }
                    if (!response.ok) {
                        var message = json && json.error ? json.error : (response.statusText || '');
                        if (response.status === 401) {
                            message = 'not logged in any more: reload the page to log in';
                        }
                        throw new ApiError(response.status, message, json);
                    }
                    return json;
                });
            });
    }

    function get(path) {
        return request('GET', path);
    }

    /** A state-changing call; on a 403 the CSRF token may be stale (new session): fetch it once more and retry. */
    function act(path, method, json) {
        var verb = method || 'POST';
        return request(verb, path, json).catch(function (e) {
            if (e.status !== 403 || !state.session || !state.session.canAct) {
                throw e;
            }
            return loadSession().then(function () {
                return request(verb, path, json);
            });
        });
    }

    // ---- failures and staleness --------------------------------------------------------------

    function failed(source, error) {
        if (!state.failures[source]) {
            state.failures[source] = {since: new Date(), message: String(error)};
        } else {
            state.failures[source].message = String(error);
        }
        showBanner();
    }

    function succeeded(source) {
        if (state.failures[source]) {
            delete state.failures[source];
        }
        showBanner();
    }

    function showBanner() {
        var banner = $('error-banner');
        var sources = Object.keys(state.failures);
        if (!sources.length) {
            banner.hidden = true;
            setText(banner, '');
            delete banner.dataset.since;
            if (state.lastOverviewAt) {
                document.body.dataset.state = 'live';
            }
            return;
        }
        var earliest = null;
        sources.forEach(function (source) {
            if (!earliest || state.failures[source].since < earliest.since) {
                earliest = state.failures[source];
            }
        });
        var byMessage = {};
        sources.forEach(function (source) {
            var message = state.failures[source].message;
            (byMessage[message] = byMessage[message] || []).push(source);
        });
        var text = 'Admin API failing since ' + fmtTime(earliest.since) + ': ' + Object.keys(byMessage).map(function (message) {
            return message + ' (' + byMessage[message].join(', ') + ')';
        }).join('; ') + '. ';
        if (state.lastOverviewAt) {
            text += 'Showing data from ' + fmtTime(state.lastOverviewAt) + ', stale for '
                + fmtDuration((Date.now() - state.lastOverviewAt.getTime()) / 1000) + '.';
        } else {
            text += 'No data received yet.';
        }
        setText(banner, text);
        banner.dataset.since = earliest.since.toISOString();
        banner.hidden = false;
        document.body.dataset.state = state.failures.overview ? 'stale' : (state.lastOverviewAt ? 'live' : 'loading');
    }

    function announce(text, ok) {
        var box = $('action-result');
        setText(box, text);
        box.className = 'banner ' + (ok ? 'ok' : 'fail');
        box.dataset.outcome = ok ? 'ok' : 'fail';
        box.hidden = false;
        clearTimeout(announce.timer);
        announce.timer = setTimeout(function () {
            box.hidden = true;
        }, ok ? 8000 : 20000);
    }

    // ---- session -----------------------------------------------------------------------------

    function canAct() {
        return !!(state.session && state.session.canAct);
    }

    function loadSession() {
        return get('/session').then(function (session) {
            state.session = session;
            setText($('who-user'), session.user);
            setText($('who-role'), roleLabel(session.roles));
            $('who').dataset.user = session.user || '';
            $('who').dataset.canAct = String(!!session.canAct);
            document.body.dataset.canAct = String(!!session.canAct);
            if (session.node) {
                setText($('node-name'), session.node);
            }
            applyPermissions();
            succeeded('session');
        }, function (e) {
            failed('session', e);
            throw e;
        });
    }

    /** Action buttons: shown and usable only for operators, never while their action is in flight. */
    function applyPermissions() {
        var allowed = canAct();
        Array.prototype.forEach.call(document.querySelectorAll('button.act'), function (button) {
            button.hidden = !allowed;
            button.disabled = !allowed || !!state.busy[button.dataset.busyKey || button.dataset.action]
                || button.dataset.current === 'true';
        });
    }

    // ---- overview ----------------------------------------------------------------------------

    var ACTIONS = [
        {action: 'enable', label: 'Enable', set: 'enabled'},
        {action: 'drain', label: 'Drain', set: 'draining', danger: true,
            confirm: function (id) {
                return 'Drain ' + id + '? It takes no new MMs; those in flight finish.';
            }},
        {action: 'disable', label: 'Disable', set: 'disabled', danger: true,
            confirm: function (id) {
                return 'Disable ' + id + '? It is taken out of routing entirely.';
            }},
        {action: 'probe', label: 'Probe now'},
        {action: 'weight', label: 'Weight…'}
    ];

    function figure(label, valueClass) {
        return el('div', {className: 'figure'}, el('span', {className: 'label'}, label),
            el('span', {className: 'value ' + valueClass}, '–'));
    }

    function createCard(id) {
        var actions = el('div', {className: 'actions'});
        ACTIONS.forEach(function (spec) {
            var button = el('button', {
                type: 'button',
                className: 'act' + (spec.danger ? ' danger' : ''),
                hidden: true,
                disabled: true,
                dataset: {action: spec.action, mmscTarget: id, busyKey: 'mmsc:' + id}
            }, spec.label);
            button.addEventListener('click', function () {
                mmscAction(id, spec);
            });
            actions.appendChild(button);
        });
        return el('article', {className: 'mmsc', dataset: {mmsc: id, health: 'UNKNOWN', adminState: ''}},
            el('div', {className: 'mmsc-head'},
                el('h3', {className: 'mmsc-name'}, id),
                el('span', {className: 'health', dataset: {health: 'UNKNOWN'}}, 'UNKNOWN')),
            el('p', {className: 'mmsc-url'}),
            el('div', {className: 'mmsc-state'},
                el('span', {className: 'badge admin-state', dataset: {adminState: ''}}), ' ',
                el('span', {className: 'since'}), ' ',
                el('span', {className: 'since routing'})),
            el('div', {className: 'figures'},
                figure('forwarded/s', 'fwd'),
                figure('error rate (60 s)', 'err'),
                figure('last probe', 'latency'),
                figure('failed/s', 'failed')),
            el('div', {className: 'probe-detail'}),
            actions);
    }

    function renderMmscs(mmscs) {
        var container = $('mmsc-cards');
        var seen = {};
        (mmscs || []).forEach(function (m, index) {
            seen[m.id] = true;
            var card = container.querySelector('article[data-mmsc="' + CSS.escape(m.id) + '"]');
            if (!card) {
                card = createCard(m.id);
            }
            if (container.children[index] !== card) {
                container.insertBefore(card, container.children[index] || null);
            }
            var health = m.health || 'UNKNOWN';
            card.dataset.health = health;
            card.dataset.adminState = m.adminState || '';
            var badge = card.querySelector('.health');
            badge.dataset.health = health;
            setText(badge, health);
            setText(card.querySelector('.mmsc-url'), m.url || '');
            var admin = card.querySelector('.admin-state');
            admin.dataset.adminState = m.adminState || '';
            setText(admin, m.adminState || '?');
            var since = ageOf(m.since);
            setText(card.querySelector('.since'), since === null ? '' : health + ' for ' + fmtDuration(since));
            setText(card.querySelector('.routing'), '· priority ' + (m.priority !== undefined ? m.priority : '–')
                + ' · weight ' + (m.weight !== undefined ? m.weight : '–'));
            setText(card.querySelector('.fwd'), fmtRate(m.forwardedPerSecond));
            setText(card.querySelector('.err'), fmtPercent(m.errorRate));
            setText(card.querySelector('.failed'), fmtRate(m.failedPerSecond));
            var probe = m.lastProbe;
            var latency = card.querySelector('.latency');
            if (!probe) {
                setText(latency, '–');
                setText(card.querySelector('.probe-detail'), 'not probed yet');
            } else {
                setText(latency, probe.ok
                    ? (probe.latencyMs === null || probe.latencyMs === undefined ? 'ok' : probe.latencyMs.toFixed(1) + ' ms')
                    : 'failed');
                setText(card.querySelector('.probe-detail'), 'probe ' + fmtTime(probe.at) + ': ' + (probe.detail || (probe.ok ? 'ok' : 'failed')));
            }
            Array.prototype.forEach.call(card.querySelectorAll('button[data-action]'), function (button) {
                var spec = ACTIONS.filter(function (s) {
                    return s.action === button.dataset.action;
                })[0];
                button.dataset.current = String(!!spec.set && spec.set === m.adminState);
            });
        });
        Array.prototype.forEach.call(container.querySelectorAll('article[data-mmsc]'), function (card) {
            if (!seen[card.dataset.mmsc]) {
                card.remove();
            }
        });
        $('mmsc-empty').hidden = (mmscs || []).length > 0;
        applyPermissions();
    }

    function renderQueues(queues) {
        var body = $('queue-rows');
        body.replaceChildren.apply(body, (queues || []).map(function (q) {
            return el('tr', {dataset: {queue: q.name}},
                el('td', null, q.name),
                el('td', {className: 'num depth'}, fmtCount(q.depth)),
                el('td', {className: 'num'}, fmtCount(q.inFlight)),
                el('td', {className: 'num'}, fmtCount(q.scheduled)),
                el('td', {className: 'num'}, q.oldestAgeSeconds === null || q.oldestAgeSeconds === undefined
                    ? '–' : fmtDuration(q.oldestAgeSeconds)),
                el('td', {className: 'num'}, fmtRate(q.enqueuedPerSecond)),
                el('td', {className: 'num'}, fmtCount(q.consumers)));
        }));
        $('queue-empty').hidden = (queues || []).length > 0;
    }

    function renderTotals(totals) {
        totals = totals || {};
        setText($('total-accepted'), fmtRate(totals.acceptedPerSecond));
        setText($('total-forwarded'), fmtRate(totals.forwardedPerSecond));
        setText($('total-failed'), fmtRate(totals.failedPerSecond));
        setText($('total-dead-letters'), fmtCount(totals.deadLetters));
    }

    function renderNodes(nodes) {
        var body = $('node-rows');
        body.replaceChildren.apply(body, (nodes || []).map(function (n) {
            return el('tr', {dataset: {node: n.name, live: String(!!n.live)}},
                el('td', null, n.name + (n.self ? ' (this node)' : '')),
                el('td', null, (n.addresses || []).join(', ')),
                el('td', {className: n.live ? 'node-live' : 'node-dead'}, n.live ? 'live' : 'not live'),
                // Each node's own view of the MMSCs' health, as it last wrote it to the shared database.
                el.apply(null, ['td', {className: 'node-view'}].concat(Object.keys(n.mmscHealth || {}).map(function (id) {
                    return el('span', {className: 'node-health', dataset: {nodeHealth: n.mmscHealth[id], nodeMmsc: id}},
                        id + ' ' + n.mmscHealth[id]);
                }))),
                el('td', null, fmtTime(n.startedAt)),
                el('td', null, fmtTime(n.lastBeatSeen)));
        }));
        $('nodes-empty').hidden = (nodes || []).length > 0;
    }

    function renderDns(dns) {
        dns = dns || {};
        setText($('dns-zones'), (dns.zones || []).join(', ') || '–');
        setText($('dns-addresses'), (dns.addresses || []).join(', ') || 'no address (no live node)');
        var rcodes = dns.responsesByRcode || {};
        setText($('dns-rcodes'), Object.keys(rcodes).sort().map(function (rcode) {
            return rcode + ' ' + fmtCount(rcodes[rcode]);
        }).join(' · ') || 'none yet');
    }

    /** Admission control: a banner while this node refuses new MMs (storage short, broker stopped). */
    function renderAdmission(admission) {
        var banner = $('admission-banner');
        if (!admission || admission.accepting) {
            banner.hidden = true;
            setText(banner, '');
            banner.dataset.cause = '';
            return;
        }
        setText(banner, 'Refusing new MMs since ' + fmtTime(new Date(admission.since)) + ': ' + admission.refusal
            + (admission.brokerUp ? '. Queued MMs are still forwarded.' : '. Reload WildFly once the cause is fixed (queued MMs stay in the journal).'));
        banner.dataset.cause = admission.cause || '';
        banner.hidden = false;
    }

    function pollOverview() {
        return get('/overview').then(function (o) {
            state.serverNow = Date.parse(o.at);
            if (isNaN(state.serverNow)) {
                state.serverNow = null;
            }
            state.lastOverviewAt = new Date();
            setText($('node-name'), o.node || '?');
            var updated = $('updated-at');
            setText(updated, 'updated ' + fmtTime(state.lastOverviewAt));
            updated.dataset.updatedAt = state.lastOverviewAt.toISOString();
            renderAdmission(o.admission);
            renderMmscs(o.mmscs);
            renderQueues(o.queues);
            renderTotals(o.totals);
            renderNodes(o.nodes);
            renderDns(o.dns);
            var deadLetters = o.totals && typeof o.totals.deadLetters === 'number' ? o.totals.deadLetters : null;
            if (deadLetters !== null && state.totalDeadLetters !== null && deadLetters !== state.totalDeadLetters) {
                refreshDeadLetters();   // the list follows the count without waiting for its own poll
            }
            state.totalDeadLetters = deadLetters;
            succeeded('overview');
        }, function (e) {
            failed('overview', e);
        });
    }

    // ---- charts ------------------------------------------------------------------------------

    function chartSize(container) {
        var width = Math.max(200, container.clientWidth);
        var rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
        return {width: width, height: Math.round(Math.max(160, Math.min(14 * rem, window.innerHeight * 0.3)))};
    }

    function axis(time) {
        var a = {stroke: '#a9b4c2', grid: {stroke: '#2c3544', width: 1}, ticks: {stroke: '#2c3544', width: 1}};
        if (time) {
            // 24-hour clock, as everywhere else on the page.
            a.values = function (u, splits) {
                return splits.map(function (t) {
                    var d = new Date(t * 1000);
                    return pad(d.getHours()) + ':' + pad(d.getMinutes());
                });
            };
        }
        return a;
    }

    function makeChart(container, series) {
        var size = chartSize(container);
        var opts = {
            width: size.width,
            height: size.height,
            // Always the whole last hour, however little of it the router has seen.
            scales: {x: {time: true, range: function (u, min, max) {
                var end = max || Date.now() / 1000;
                return [end - 3600, end];
            }}, y: {range: function (u, min, max) {
                return [0, Math.max(1, max || 0) * 1.1];
            }}},
            series: [{label: 'time', value: function (u, v) {
                return v === null || v === undefined ? '–' : fmtTime(new Date(v * 1000));
            }}].concat(series),
            axes: [axis(true), axis(false)],
            legend: {live: true}
        };
        return new window.uPlot(opts, [[]].concat(series.map(function () {
            return [];
        })), container);
    }

    function ensureCharts() {
        if (state.charts.throughput || typeof window.uPlot !== 'function') {
            $('chart-missing').hidden = typeof window.uPlot === 'function';
            return !!state.charts.throughput;
        }
        state.charts.throughput = makeChart($('chart-throughput'), [
            {label: 'accepted/s', stroke: '#4aa3ff', width: 2},
            {label: 'forwarded/s', stroke: '#1fbf5a', width: 2},
            {label: 'failed/s', stroke: '#e5322d', width: 2}
        ]);
        state.charts.queue = makeChart($('chart-queue'), [
            {label: 'queue depth', stroke: '#f2a900', width: 2, fill: 'rgba(242,169,0,0.15)'}
        ]);
        var resize = function () {
            ['throughput', 'queue'].forEach(function (name) {
                var container = $(name === 'throughput' ? 'chart-throughput' : 'chart-queue');
                state.charts[name].setSize(chartSize(container));
            });
        };
        if (window.ResizeObserver) {
            var pending = null;
            new ResizeObserver(function () {
                cancelAnimationFrame(pending);
                pending = requestAnimationFrame(resize);
            }).observe($('chart-panel'));
        } else {
            window.addEventListener('resize', resize);
        }
        return true;
    }

    function pollSeries() {
        return get('/series').then(function (s) {
            succeeded('series');
            if (!ensureCharts()) {
                return;
            }
            var t = s.t || [];
            state.charts.throughput.setData([t, s.accepted || [], s.forwarded || [], s.failed || []]);
            state.charts.queue.setData([t, s.queueDepth || []]);
            $('chart-throughput').dataset.points = String(t.length);
            $('chart-queue').dataset.points = String(t.length);
        }, function (e) {
            failed('series', e);
        });
    }

    // ---- events and audit --------------------------------------------------------------------

    function pollEvents() {
        return get('/events?limit=' + LIST_LIMIT).then(function (r) {
            var events = r.events || [];
            var body = $('event-rows');
            body.replaceChildren.apply(body, events.map(function (e) {
                return el('tr', {dataset: {mmscEvent: e.mmscId || '', to: e.to || ''}},
                    el('td', {title: e.at || ''}, fmtTime(e.at)),
                    el('td', null, e.mmscId || ''),
                    el('td', null, el('span', {className: 'to-' + (e.from || '')}, e.from || '?'), ' → ',
                        el('span', {className: 'to-' + (e.to || '')}, e.to || '?')),
                    el('td', null, e.source || ''),
                    el('td', {className: 'detail'}, e.cause || ''));
            }));
            $('events-empty').hidden = events.length > 0;
            succeeded('events');
        }, function (e) {
            failed('events', e);
        });
    }

    function pollAudit() {
        return get('/audit?limit=' + LIST_LIMIT).then(function (r) {
            var entries = r.audit || [];
            var body = $('audit-rows');
            body.replaceChildren.apply(body, entries.map(function (a) {
                return el('tr', {dataset: {action: a.action || '', target: a.target || '', user: a.user || '',
                        outcome: a.outcome || ''}},
                    el('td', {title: a.at || ''}, fmtTime(a.at)),
                    el('td', {title: a.from ? 'from ' + a.from : ''}, a.user || ''),
                    el('td', null, a.node || ''),
                    el('td', null, a.action || ''),
                    el('td', null, a.target || ''),
                    el('td', null, a.outcome || ''),
                    el('td', {className: 'detail'}, a.detail || ''));
            }));
            $('audit-empty').hidden = entries.length > 0;
            succeeded('audit');
        }, function (e) {
            failed('audit', e);
        });
    }

    // ---- dead letters ------------------------------------------------------------------------

    var deadLetterRefresh = null;

    function refreshDeadLetters() {
        if (deadLetterRefresh) {
            return deadLetterRefresh;
        }
        deadLetterRefresh = get('/dead-letters?limit=' + DEAD_LETTER_LIMIT).then(function (r) {
            state.deadLetterTotal = typeof r.total === 'number' ? r.total : null;
            renderDeadLetters(r.deadLetters || []);
            state.purgeToken = r.purgeToken || null;
            succeeded('dead letters');
        }, function (e) {
            failed('dead letters', e);
        }).then(function () {
            deadLetterRefresh = null;
        });
        return deadLetterRefresh;
    }

    function renderDeadLetters(letters) {
        state.deadLetterCount = letters.length;
        var body = $('deadletter-rows');
        body.replaceChildren.apply(body, letters.map(function (d) {
            var id = d.routerMessageId;
            var view = el('button', {type: 'button', dataset: {action: 'view', deadLetter: id}}, 'Headers');
            view.addEventListener('click', function () {
                showDeadLetter(id);
            });
            var replay = el('button', {type: 'button', className: 'act',
                dataset: {action: 'replay', deadLetter: id, busyKey: 'dead-letter:' + id}}, 'Replay');
            replay.addEventListener('click', function () {
                replayOne(id);
            });
            return el('tr', {dataset: {deadLetter: id, transactionId: d.transactionId || ''}},
                el('td', {title: d.deadLetteredAt || ''}, fmtTime(d.deadLetteredAt)),
                el('td', null, d.transactionId || '–'),
                el('td', null, d.sourceAddress || '–'),
                el('td', {className: 'num'}, fmtBytes(d.sizeBytes)),
                el('td', {className: 'reason'}, d.reason || ''),
                el('td', {title: d.expiresAt || ''}, fmtTime(d.expiresAt)),
                el('td', null, el('div', {className: 'row-actions'}, view, replay)));
        }));
        $('deadletter-empty').hidden = letters.length > 0;
        $('deadletter-table').hidden = letters.length === 0;
        var total = deadLetterTotal();
        setText($('deadletter-count'), !total ? '' : total > letters.length
            ? '(' + total.toLocaleString('en') + ', the oldest ' + letters.length + ' listed)' : '(' + total + ')');
        $('replay-all').dataset.current = String(letters.length === 0);
        $('purge').dataset.current = String(letters.length === 0);
        applyPermissions();
    }

    /** How many dead letters there are: the list's total (it lists at most DEAD_LETTER_LIMIT). */
    function deadLetterTotal() {
        return state.deadLetterTotal !== null ? state.deadLetterTotal : state.deadLetterCount;
    }

    function showDeadLetter(id) {
        get('/dead-letters/' + encodeURIComponent(id)).then(function (r) {
            var d = r.deadLetter || r;   // the API nests the letter's fields under "deadLetter"
            var meta = $('headers-meta');
            var fields = [['router message ID', d.routerMessageId], ['transaction ID', d.transactionId],
                ['arrival', d.arrival], ['dead-lettered', d.deadLetteredAt], ['expires', d.expiresAt],
                ['from', d.sourceAddress], ['size', fmtBytes(d.sizeBytes)], ['reason', d.reason]];
            meta.replaceChildren.apply(meta, fields.reduce(function (nodes, f) {
                return nodes.concat([el('dt', null, f[0]), el('dd', null, f[1] === null || f[1] === undefined ? '–' : String(f[1]))]);
            }, []));
            // [[name, value], …] in PDU order (a header may repeat); an object of name: value also works.
            var headers = Array.isArray(r.headers) ? r.headers : Object.keys(r.headers || {}).map(function (name) {
                return [name, r.headers[name]];
            });
            var rows = $('headers-rows');
            rows.replaceChildren.apply(rows, headers.map(function (pair) {
                return el('tr', {dataset: {header: pair[0]}}, el('td', null, pair[0]),
                    el('td', null, Array.isArray(pair[1]) ? pair[1].join(', ') : String(pair[1])));
            }));
            if (r.headerError) {
                rows.appendChild(el('tr', null, el('td', {className: 'empty', colSpan: 2},
                    'headers could not be fully decoded: ' + r.headerError)));
            } else if (!headers.length) {
                rows.appendChild(el('tr', null, el('td', {className: 'empty', colSpan: 2}, 'no headers')));
            }
            $('headers-dialog').dataset.deadLetter = id;
            $('headers-dialog').showModal();
        }, function (e) {
            announce('Dead letter ' + id + ': ' + e, false);
            refreshDeadLetters();
        });
    }

    // ---- queued MMs (Postfix's mailq / qshape / postsuper) ------------------------------------

    var QUEUE_PAGE = 50;
    var QUEUE_MS = 15000;
    var QUEUE_ACTIONS = {
        'hold': {path: 'hold', label: 'Hold', verb: 'Hold', what: 'They stay queued but are not forwarded until released.'},
        'release': {path: 'release', label: 'Release', verb: 'Release', what: 'Held MMs go back to forwarding.'},
        'requeue': {path: 'requeue', label: 'Requeue now', verb: 'Requeue', what: 'Waiting MMs are tried now, skipping their back-off.'},
        'purge-queued': {path: 'purge', label: 'Purge', verb: 'Purge', what: 'They are deleted for good (each recorded as purged).'}
    };

    /** The filter form as query parameters (blank fields left out). */
    function queueFilters() {
        var form = $('queue-filter');
        var parts = [];
        ['mmsc', 'sender', 'recipient', 'olderThan', 'state'].forEach(function (name) {
            var value = form.elements[name].value.trim();
            if (value) {
                parts.push(name + '=' + encodeURIComponent(value));
            }
        });
        return parts.join('&');
    }

    var queueRefresh = null;

    function refreshQueue() {
        if (queueRefresh) {
            return queueRefresh;
        }
        var filters = queueFilters();
        queueRefresh = Promise.all([
            get('/queue?size=' + QUEUE_PAGE + (filters ? '&' + filters : '')),
            get('/queue/shape' + (filters ? '?' + filters : ''))
        ]).then(function (answers) {
            $('queue-error').hidden = true;
            renderQueue(answers[0], answers[1]);
            succeeded('queue');
        }, function (e) {
            if (e.status === 400 || e.status === 403) {
                setText($('queue-error'), String(e));
                $('queue-error').hidden = false;
                return;
            }
            failed('queue', e);
        }).then(function () {
            queueRefresh = null;
        });
        return queueRefresh;
    }

    function renderQueue(list, shape) {
        var head = $('qshape-head');
        while (head.children.length > 1) {
            head.removeChild(head.lastChild);
        }
        (shape.buckets || []).forEach(function (bucket) {
            head.appendChild(el('th', {}, bucket));
        });
        head.appendChild(el('th', {}, 'total'));
        replaceRows($('qshape-rows'), (shape.rows || []).map(function (row) {
            return el.apply(null, ['tr', {dataset: {mmsc: row.mmsc}}, el('td', {}, row.mmsc)]
                .concat(row.counts.map(function (n) {
                    return el('td', {className: n ? 'num' : 'num zero'}, fmtCount(n));
                }))
                .concat([el('td', {className: 'num'}, fmtCount(row.total))]));
        }));
        var items = list.items || [];
        replaceRows($('queued-rows'), items.map(function (m) {
            return el('tr', {dataset: {routerMessageId: m.routerMessageId, transactionId: m.transactionId || ''}},
                el('td', {title: m.arrival}, fmtAge(m.ageSeconds)),
                el('td', {}, m.transactionId || '–'),
                el('td', {}, m.sender || '–'),
                el('td', {className: 'num'}, String(m.recipients)),
                el('td', {className: 'num'}, fmtCount(m.sizeBytes)),
                el('td', {}, m.state),
                el('td', {className: 'num'}, String(m.attempts)),
                el('td', {title: m.nextAttempt || ''}, m.nextAttempt ? fmtTime(m.nextAttempt) : '–'),
                el('td', {}, m.mmsc || '–'),
                el('td', {}, m.lastError || ''));
        }));
        $('queued-empty').hidden = items.length > 0;
        $('queued-table').hidden = items.length === 0;
        $('queued-title').title = list.asOf ? 'as of ' + list.asOf : '';
        // A deep backlog's walk is made behind the answer: say how old the one shown is when it matters.
        var walkAge = list.asOf ? Math.round((Date.now() - Date.parse(list.asOf)) / 1000) : 0;
        var asOf = walkAge >= 5 ? ', as of ' + fmtTime(list.asOf) : '';
        setText($('queued-count'), list.total > items.length
            ? '(' + fmtCount(list.total) + ', oldest ' + items.length + ' shown' + asOf + ')'
            : list.total ? '(' + fmtCount(list.total) + asOf + ')' : '');
    }

    function replaceRows(body, rows) {
        while (body.firstChild) {
            body.removeChild(body.firstChild);
        }
        rows.forEach(function (row) {
            body.appendChild(row);
        });
    }

    function fmtAge(seconds) {
        if (typeof seconds !== 'number') {
            return '–';
        }
        if (seconds < 120) {
            return seconds + ' s';
        }
        if (seconds < 7200) {
            return Math.floor(seconds / 60) + ' min';
        }
        return (seconds / 3600).toFixed(1) + ' h';
    }

    /**
     * A queue action in the API's two steps: the look (409 with how many MMs it selects and its
     * token), the operator's confirmation, then the action confirmed with that token.
     */
    function queueAction(key) {
        var spec = QUEUE_ACTIONS[key];
        var filters = queueFilters();
        var path = '/queue/' + spec.path + '?' + filters;
        act(path).then(function () {
            announce(spec.label + ': the router acted without a confirmation', false);
        }, function (e) {
            if (e.status !== 409 || !e.body || !e.body.confirm) {
                announce(spec.label + ' failed: ' + e, false);
                return null;
            }
            var selected = e.body.selected;
            return confirmAction('queue:' + spec.path, spec.verb + ' ' + fmtCount(selected) + ' queued MM'
                + (selected === 1 ? '' : 's') + (filters ? ' matching ' + decodeURIComponent(filters.replace(/&/g, ', ')) : '')
                + '? ' + spec.what, spec.label).then(function (ok) {
                if (!ok) {
                    return null;
                }
                return run('queue', function (r) {
                    return r ? spec.label + ': ' + r.done + ' of ' + r.selected + ' MMs' : spec.label + ' of queued MMs';
                }, function () {
                    return act(path + '&confirm=' + encodeURIComponent(e.body.confirm));
                }, refreshQueue);
            });
        });
    }

    // ---- actions -----------------------------------------------------------------------------

    /** Asks in the in-page dialog; resolves true when confirmed. */
    function confirmAction(key, text, okLabel) {
        return new Promise(function (resolve) {
            var dialog = $('confirm-dialog');
            setText($('confirm-text'), text);
            setText($('confirm-ok'), okLabel);
            dialog.dataset.confirm = key;
            dialog.returnValue = '';
            dialog.addEventListener('close', function () {
                delete dialog.dataset.confirm;
                resolve(dialog.returnValue === 'ok');
            }, {once: true});
            dialog.showModal();
            $('confirm-cancel').focus();
        });
    }

    /** Runs one action: marks its buttons busy, reports the outcome, refreshes what it changed. */
    function run(busyKey, description, call, refresh) {
        state.busy[busyKey] = true;
        applyPermissions();
        return call().then(function (result) {
            announce(description(result), true);
        }, function (e) {
            announce(description(null) + ' failed: ' + e, false);
        }).then(function () {
            delete state.busy[busyKey];
            applyPermissions();
            return Promise.all([pollOverview(), pollAudit()].concat(refresh ? [refresh()] : []));
        });
    }

    function mmscAction(id, spec) {
        var ask = spec.confirm ? confirmAction(spec.action + ':' + id, spec.confirm(id), spec.label) : Promise.resolve(true);
        ask.then(function (ok) {
            if (!ok) {
                return null;
            }
            if (spec.action === 'weight') {
                return changeWeight(id);
            }
            if (spec.action === 'probe') {
                return run('mmsc:' + id, function (r) {
                    return r ? 'Probe of ' + id + ': ' + (r.ok ? 'ok' : 'failed')
                        + (typeof r.latencyMs === 'number' ? ', ' + r.latencyMs.toFixed(1) + ' ms' : '')
                        + (r.detail ? ' (' + r.detail + ')' : '') : 'Probe of ' + id;
                }, function () {
                    return act('/mmscs/' + encodeURIComponent(id) + '/probe');
                }, pollEvents);
            }
            return run('mmsc:' + id, function (r) {
                return r ? id + ' is now ' + (r.adminState || spec.set) : 'Setting ' + id + ' to ' + spec.set;
            }, function () {
                return act('/mmscs/' + encodeURIComponent(id) + '/admin-state?set=' + spec.set);
            });
        });
    }

    /** Asks for a new weight (1–1000) and sets it, every other routing attribute as it is now. */
    function changeWeight(id) {
        return get('/mmscs').then(function (r) {
            var m = (r.mmscs || []).filter(function (x) {
                return x.id === id;
            })[0];
            if (!m) {
                announce('Weight of ' + id + ': no such MMSC any more', false);
                return null;
            }
            var answer = window.prompt('Weight of ' + id + ' (1–1000, now ' + m.weight + '):', String(m.weight));
            if (answer === null) {
                return null;
            }
            var weight = parseInt(answer, 10);
            if (!(weight >= 1 && weight <= 1000) || String(weight) !== answer.trim()) {
                announce('Weight of ' + id + ': ' + answer + ' is not a whole number from 1 to 1000', false);
                return null;
            }
            return run('mmsc:' + id, function (x) {
                return x ? id + ' weight is now ' + weight : 'Setting the weight of ' + id;
            }, function () {
                return act('/mmscs/' + encodeURIComponent(id) + '/routing', 'PUT', {
                    priority: m.priority,
                    weight: weight,
                    recipientPrefixes: m.recipientPrefixes || [],
                    adminState: m.adminState,
                    maxRate: m.maxRate || 0
                });
            });
        }, function (e) {
            announce('Weight of ' + id + ' failed: ' + e, false);
        });
    }

    /** Reloads the settings file; says what was applied, or why nothing was. */
    function reloadSettings() {
        confirmAction('reload', 'Reload the settings file? What the running router can take applies at once;'
            + ' a change that needs a restart makes the whole reload refused.', 'Reload').then(function (ok) {
            if (!ok) {
                return null;
            }
            return run('reload', function (r) {
                if (!r) {
                    return 'Reload of the settings';
                }
                return r.unchanged ? 'Settings reloaded: nothing changed' : 'Settings reloaded: ' + r.applied.join(', ');
            }, function () {
                return act('/reload');
            });
        });
    }

    function replayOne(id) {
        run('dead-letter:' + id, function (r) {
            return r ? 'Dead letter ' + id + ': ' + (r.result || 'replayed') : 'Replay of dead letter ' + id;
        }, function () {
            return act('/dead-letters/' + encodeURIComponent(id) + '/replay');
        }, refreshDeadLetters);
    }

    function replayAll() {
        confirmAction('replay-all', 'Replay all ' + deadLetterTotal().toLocaleString('en')
            + ' dead letters? Each is queued for delivery again.', 'Replay all').then(function (ok) {
            if (!ok) {
                return null;
            }
            return run('replay-all', function (r) {
                return r ? 'Replayed ' + r.replayed + ' dead letters' + (r.expired ? ', ' + r.expired + ' had expired (left in place)' : '')
                    + (r.vanished ? ', ' + r.vanished + ' vanished meanwhile' : '') : 'Replay of all dead letters';
            }, function () {
                return act('/dead-letters/replay-all');
            }, refreshDeadLetters);
        });
    }

    function purge() {
        var token = state.purgeToken;
        confirmAction('purge', 'Purge all ' + deadLetterTotal().toLocaleString('en')
            + ' dead letters? They are deleted for good and cannot be replayed.', 'Purge').then(function (ok) {
            if (!ok) {
                return null;
            }
            if (!token) {
                announce('Purge: no purge token yet; wait for the dead-letter list to load', false);
                return null;
            }
            return run('purge', function (r) {
                return r ? 'Purged ' + r.purged + ' dead letters' : 'Purge of dead letters';
            }, function () {
                return act('/dead-letters/purge?confirm=' + encodeURIComponent(token));
            }, refreshDeadLetters);
        });
    }

    // ---- polling -----------------------------------------------------------------------------

    /** Runs task now and then every ms after it finished (never two at once). */
    function every(ms, task) {
        var loop = function () {
            Promise.resolve().then(task).catch(function () {
                return null;
            }).then(function () {
                setTimeout(loop, ms);
            });
        };
        loop();
    }

    function start() {
        $('replay-all').dataset.busyKey = 'replay-all';
        $('purge').dataset.busyKey = 'purge';
        $('replay-all').addEventListener('click', replayAll);
        $('purge').addEventListener('click', purge);
        $('reload-settings').dataset.busyKey = 'reload';
        $('reload-settings').addEventListener('click', reloadSettings);
        Object.keys(QUEUE_ACTIONS).forEach(function (key) {
            document.querySelector('#queue-filter button[data-action="' + key + '"]').addEventListener('click', function () {
                queueAction(key);
            });
        });
        $('queue-filter').addEventListener('submit', function (event) {
            event.preventDefault();
            refreshQueue();
        });
        applyPermissions();
        ensureCharts();
        every(OVERVIEW_MS, function () {
            if (!state.session) {
                return loadSession().catch(function () {
                    return null;
                }).then(pollOverview);
            }
            return pollOverview();
        });
        every(SERIES_MS, pollSeries);
        every(LISTS_MS, function () {
            return Promise.all([pollEvents(), pollAudit(), refreshDeadLetters()]);
        });
        // The queue's views walk the broker's queue: every 15 s (and at once after an action or "Show").
        every(QUEUE_MS, refreshQueue);
        // The staleness in the banner counts up even while every poll hangs.
        setInterval(showBanner, 1000);
    }

    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', start);
    } else {
        start();
    }
}());
