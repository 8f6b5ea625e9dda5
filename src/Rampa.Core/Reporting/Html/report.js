// Rampa report: draws the charts of #rampa-data as inline SVG. No library and no fetch: the page must work offline
// from a single file.
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var data = JSON.parse(document.getElementById("rampa-data").textContent);
  var PALETTES = {
    requests: ["#4f46e5"],
    duration: ["#0ea5e9", "#22c55e", "#f59e0b", "#ef4444"],
    vus: ["#4f46e5", "#94a3b8"],
    errors: ["#ef4444", "#f59e0b"],
    dropped: ["#a855f7"]
  };
  var FALLBACK = ["#4f46e5", "#0ea5e9", "#22c55e", "#f59e0b", "#ef4444", "#a855f7"];
  var HEIGHT = 230;
  // What the reader picked per chart: its scale (linear or log) and its view (-1: every request merged).
  var state = {};

  // The common time axis: every chart spans the whole run, so charts line up one above the other.
  var xMin = 0, xMax = Math.max(1, Math.ceil(data.run.durationSeconds || 0));
  data.charts.forEach(function (c) {
    var all = c.series;
    (c.views || []).forEach(function (v) { all = all.concat(v.series); });
    all.forEach(function (s) {
      s.points.forEach(function (p) { if (p[0] < xMin) xMin = p[0]; if (p[0] > xMax) xMax = p[0]; });
    });
  });

  function el(name, attrs, parent) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }

  function trim(n, digits) {
    var s = n.toFixed(digits);
    return s.indexOf(".") < 0 ? s : s.replace(/0+$/, "").replace(/\.$/, "");
  }
  function num(v) {
    var a = Math.abs(v);
    if (a >= 1e6) return trim(v / 1e6, 1) + "M";
    if (a >= 1e4) return trim(v / 1e3, 1) + "k";
    if (a >= 100) return trim(v, 0);
    if (a >= 10) return trim(v, 1);
    return trim(v, 2);
  }
  function ms(v) {
    if (v === 0) return "0";
    if (Math.abs(v) < 1) return num(v * 1000) + "µs";
    if (Math.abs(v) < 1000) return num(v) + "ms";
    return num(v / 1000) + "s";
  }
  function format(unit, v, precise) {
    switch (unit) {
      case "ms": return ms(v);
      case "rate": return (precise ? trim(v, 2) : num(v)) + "/s";
      case "percent": return (precise ? v.toFixed(2) : num(v)) + "%";
      default: return precise ? trim(v, 2) : num(v);
    }
  }
  function duration(t) {
    var sign = t < 0 ? "-" : ""; t = Math.abs(Math.round(t));
    var h = Math.floor(t / 3600), m = Math.floor((t % 3600) / 60), s = t % 60;
    if (h) return sign + h + "h" + (m ? m + "m" : "");
    if (m) return sign + m + "m" + (s ? s + "s" : "");
    return sign + s + "s";
  }

  // Ticks at 1, 2 or 5 times a power of ten, about `count` of them from 0 to a rounded-up maximum.
  function niceTicks(max, count) {
    if (!(max > 0)) max = 1;
    var raw = max / count, pow = Math.pow(10, Math.floor(Math.log10(raw))), step = pow;
    [1, 2, 2.5, 5, 10].some(function (m) { step = m * pow; return step >= raw; });
    var ticks = [];
    for (var v = 0; v <= max + step * 1e-9; v += step) ticks.push(+v.toPrecision(12));
    if (ticks[ticks.length - 1] < max) ticks.push(+(ticks[ticks.length - 1] + step).toPrecision(12));
    return ticks;
  }
  // Time ticks at whole seconds, minutes or hours.
  function timeTicks(min, max, count) {
    var steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400];
    var span = Math.max(1, max - min), step = steps[steps.length - 1];
    for (var i = 0; i < steps.length; i++) if (span / steps[i] <= count) { step = steps[i]; break; }
    var ticks = [];
    for (var t = Math.ceil(min / step) * step; t <= max; t += step) ticks.push(t);
    return ticks;
  }

  // Log ticks: every power of ten from lo to hi, and 2 and 5 times it when the range spans few decades (labelled
  // only over one or two decades; over three they are grid lines only, so the labels never crowd).
  function logTicks(lo, hi) {
    var ticks = [], decades = Math.round(Math.log10(hi / lo));
    for (var p = lo; p <= hi * 1.000001; p *= 10) {
      ticks.push({ v: +p.toPrecision(6), label: true });
      if (decades <= 3 && p * 10 <= hi * 1.000001)
        [2, 5].forEach(function (k) { ticks.push({ v: +(k * p).toPrecision(6), label: decades <= 2 }); });
    }
    return ticks.sort(function (a, b) { return a.v - b.v; });
  }

  // The chart's controls, made once: a selector of its views (per request name) and a linear/log toggle.
  function controls(chart, box) {
    if (box.querySelector(".controls")) return;
    var st = state[chart.id], bar = document.createElement("div");
    bar.className = "controls";
    if (chart.views && chart.views.length) {
      var select = document.createElement("select");
      select.setAttribute("aria-label", "Requests shown");
      select.className = "view";
      [{ label: "All requests" }].concat(chart.views).forEach(function (v, i) {
        var o = document.createElement("option"); o.value = String(i - 1); o.textContent = v.label; select.appendChild(o);
      });
      select.addEventListener("change", function () { st.view = +select.value; draw(chart, box); });
      bar.appendChild(select);
    }
    if (chart.scale === "log") {
      var group = document.createElement("span");
      group.className = "scale-toggle"; group.setAttribute("role", "group"); group.setAttribute("aria-label", "Y axis scale");
      ["log", "linear"].forEach(function (scale) {
        var b = document.createElement("button");
        b.type = "button"; b.dataset.scale = scale; b.textContent = scale === "log" ? "Log" : "Linear";
        b.addEventListener("click", function () { st.scale = scale; draw(chart, box); });
        group.appendChild(b);
      });
      bar.appendChild(group);
    }
    if (bar.childNodes.length) box.insertBefore(bar, box.querySelector(".legend"));
  }

  function noData(svg, text) {
    el("text", { x: "50%", y: "50%", "text-anchor": "middle", "dominant-baseline": "middle", "class": "nodata" }, svg).textContent = text;
  }

  function draw(chart, box) {
    var svg = box.querySelector("svg.plot"), legend = box.querySelector(".legend");
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    legend.textContent = "";
    var old = box.querySelector(".tooltip"); if (old) old.remove();
    var palette = PALETTES[chart.id] || FALLBACK;
    var st = state[chart.id] || (state[chart.id] = { scale: chart.scale || "linear", view: -1 });
    controls(chart, box);
    box.querySelectorAll(".scale-toggle button").forEach(function (b) { b.setAttribute("aria-pressed", String(b.dataset.scale === st.scale)); });
    var shown = st.view >= 0 && chart.views ? chart.views[st.view].series : chart.series;
    var series = shown.map(function (s, i) {
      return { name: s.name, axis: s.axis, points: s.points, color: palette[i % palette.length] || FALLBACK[i % FALLBACK.length],
               dashed: s.axis === "right" || s.name === "vus_max" };
    });
    var hasData = series.some(function (s) { return s.points.length > 0; });
    svg.classList.toggle("empty", !hasData);
    var bar = box.querySelector(".controls"); if (bar) bar.hidden = !hasData && st.view < 0;
    if (!hasData) { svg.removeAttribute("viewBox"); delete svg.dataset.scale; noData(svg, chart.emptyText || "No data for this run"); return; }

    series.forEach(function (s) {
      var item = document.createElement("span"), sw = document.createElement("i");
      sw.style.background = s.color; sw.style.borderColor = s.color;
      if (s.dashed) sw.className = "dash";
      item.appendChild(sw); item.appendChild(document.createTextNode(s.name + (s.axis === "right" ? " (right axis)" : "")));
      legend.appendChild(item);
    });

    var W = Math.max(320, svg.clientWidth || box.clientWidth || 600), H = HEIGHT;
    var hasRight = !!chart.rightUnit && series.some(function (s) { return s.axis === "right" && s.points.length; });
    var m = { l: 58, r: hasRight ? 54 : 16, t: 12, b: 26 };
    var iw = W - m.l - m.r, ih = H - m.t - m.b;
    svg.setAttribute("viewBox", "0 0 " + W + " " + H);
    svg.setAttribute("preserveAspectRatio", "xMidYMid meet");

    function maxOf(axis) {
      var mx = 0;
      series.forEach(function (s) { if (s.axis === axis) s.points.forEach(function (p) { if (p[1] > mx) mx = p[1]; }); });
      return mx;
    }
    // A log axis from the decade below the smallest positive value (so the steady state never sits on the floor) to the
    // decade above the largest; zeros are drawn on the floor. Without a positive value there is no log axis to draw.
    var minPos = Infinity;
    series.forEach(function (s) { if (s.axis === "left") s.points.forEach(function (p) { if (p[1] > 0 && p[1] < minPos) minPos = p[1]; }); });
    var log = st.scale === "log" && minPos < Infinity;
    svg.dataset.scale = log ? "log" : "linear";
    var lo = log ? Math.pow(10, Math.floor(Math.log10(minPos * 0.9))) : 0;
    var hi = log ? Math.pow(10, Math.ceil(Math.log10(maxOf("left") * 1.1))) : 0;
    var leftTicks = log ? logTicks(lo, hi) : niceTicks(maxOf("left") * 1.05, 5).map(function (v) { return { v: v, label: true }; });
    var yMaxL = leftTicks[leftTicks.length - 1].v;
    var rightTicks = hasRight ? niceTicks(Math.min(100, maxOf("right") * 1.05) || 1, log ? 5 : leftTicks.length - 1) : [];
    var yMaxR = hasRight ? rightTicks[rightTicks.length - 1] : 1;
    var xs = function (t) { return m.l + (xMax === xMin ? 0 : (t - xMin) / (xMax - xMin) * iw); };
    var ysL = log
      ? function (v) { return m.t + ih - (Math.log10(Math.max(v, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) * ih; }
      : function (v) { return m.t + ih - v / yMaxL * ih; };
    var ysR = function (v) { return m.t + ih - v / yMaxR * ih; };

    var grid = el("g", { "class": "grid" }, svg), axis = el("g", { "class": "axis" }, svg);
    leftTicks.forEach(function (tick) {
      var v = tick.v, y = ysL(v);
      el("line", { x1: m.l, x2: m.l + iw, y1: y, y2: y, "class": tick.label ? "" : "minor" }, grid);
      if (tick.label) el("text", { x: m.l - 8, y: y, "text-anchor": "end", "dominant-baseline": "middle" }, axis).textContent = format(chart.unit, v);
    });
    rightTicks.forEach(function (v) {
      el("text", { x: m.l + iw + 8, y: ysR(v), "text-anchor": "start", "dominant-baseline": "middle" }, axis).textContent = format(chart.rightUnit, v);
    });
    timeTicks(xMin, xMax, Math.max(3, Math.floor(iw / 80))).forEach(function (t) {
      var x = xs(t);
      el("line", { x1: x, x2: x, y1: m.t + ih, y2: m.t + ih + 4 }, axis);
      el("text", { x: x, y: m.t + ih + 17, "text-anchor": "middle" }, axis).textContent = duration(t);
    });
    el("line", { x1: m.l, x2: m.l + iw, y1: m.t + ih, y2: m.t + ih }, axis);

    // Lines; a gap of more than one interval breaks the line (no data then, not a slope).
    var gap = (data.intervalSeconds || 1) * 1.5;
    series.forEach(function (s, i) {
      if (!s.points.length) return;
      var ys = s.axis === "right" ? ysR : ysL, d = "", prev = null, pts = s.points;
      pts.forEach(function (p) {
        d += (prev === null || p[0] - prev > gap ? "M" : "L") + xs(p[0]).toFixed(1) + "," + ys(p[1]).toFixed(1);
        prev = p[0];
      });
      if (series.length === 1 && pts.length > 1 && !log) {
        // A single series gets a light area under it: easier to read at a glance.
        el("path", { d: d + "L" + xs(pts[pts.length - 1][0]).toFixed(1) + "," + (m.t + ih) + "L" + xs(pts[0][0]).toFixed(1) + "," + (m.t + ih) + "Z",
                     fill: s.color, "fill-opacity": "0.08", stroke: "none", "class": "area" }, svg);
      }
      el("path", { d: d, fill: "none", stroke: s.color, "stroke-width": i === 0 || series.length < 3 ? 2 : 1.75,
                   "stroke-linejoin": "round", "stroke-linecap": "round", "stroke-dasharray": s.dashed ? "5 4" : "none",
                   "class": "line", "data-series": s.name }, svg);
      if (pts.length === 1) el("circle", { cx: xs(pts[0][0]), cy: ys(pts[0][1]), r: 3, fill: s.color }, svg);
    });

    // Hover: a guide line and the values of every series at the nearest second.
    var guide = el("line", { "class": "guide", y1: m.t, y2: m.t + ih, x1: -10, x2: -10, visibility: "hidden" }, svg);
    var tip = document.createElement("div"); tip.className = "tooltip"; tip.style.display = "none"; box.appendChild(tip);
    var hit = el("rect", { x: m.l, y: m.t, width: iw, height: ih, fill: "transparent" }, svg);
    hit.addEventListener("mousemove", function (ev) {
      var r = svg.getBoundingClientRect(), scale = W / r.width;
      var t = Math.round(xMin + ((ev.clientX - r.left) * scale - m.l) / iw * (xMax - xMin));
      var rows = series.map(function (s) {
        var best = null;
        s.points.forEach(function (p) { if (best === null || Math.abs(p[0] - t) < Math.abs(best[0] - t)) best = p; });
        return best && Math.abs(best[0] - t) <= gap ? { s: s, v: best[1], t: best[0] } : null;
      }).filter(Boolean);
      if (!rows.length) { tip.style.display = "none"; guide.setAttribute("visibility", "hidden"); return; }
      var x = xs(rows[0].t);
      guide.setAttribute("x1", x); guide.setAttribute("x2", x); guide.setAttribute("visibility", "visible");
      tip.textContent = "";
      var head = document.createElement("b"); head.textContent = "t = " + duration(rows[0].t); tip.appendChild(head);
      rows.forEach(function (row) {
        var line = document.createElement("div"), dot = document.createElement("i");
        dot.style.background = row.s.color; line.appendChild(dot);
        line.appendChild(document.createTextNode(row.s.name + ": " + format(row.s.axis === "right" ? chart.rightUnit : chart.unit, row.v, true)));
        tip.appendChild(line);
      });
      tip.style.display = "block";
      var bx = box.getBoundingClientRect(), left = ev.clientX - bx.left + 14;
      if (left + tip.offsetWidth > bx.width - 8) left = ev.clientX - bx.left - tip.offsetWidth - 14;
      tip.style.left = left + "px"; tip.style.top = (svg.getBoundingClientRect().top - bx.top + m.t + 8) + "px";
    });
    hit.addEventListener("mouseleave", function () { tip.style.display = "none"; guide.setAttribute("visibility", "hidden"); });
  }

  function drawAll() {
    var drawn = 0;
    data.charts.forEach(function (chart) {
      var box = document.querySelector('[data-chart="' + chart.id + '"]');
      if (!box) return;
      draw(chart, box);
      drawn++;
    });
    document.body.dataset.rendered = String(drawn);
  }

  drawAll();
  // Charts are drawn at the width they have; redraw when it changes (window resize, print layout).
  var pending = 0;
  window.addEventListener("resize", function () { clearTimeout(pending); pending = setTimeout(drawAll, 120); });
  window.addEventListener("beforeprint", drawAll);
})();
