/* The network view: the JSON of /api/network drawn with cytoscape.js (vendored, MIT). Without JavaScript
   the page's table shows the same links. Documents are boxes, entities dots coloured by type; a click opens
   the document's or the entity's page. */
(function () {
  "use strict";
  var box = document.getElementById("network-graph");
  if (!box || typeof window.cytoscape !== "function" || !window.fetch) { return; }
  var colours = {document: "#34495e", phone: "#c0392b", email: "#8e44ad", url: "#7f8c8d", social: "#2980b9",
                 account: "#d35400", id: "#16a085", person: "#27ae60", org: "#f39c12", place: "#95a5a6"};
  fetch(box.getAttribute("data-source"), {credentials: "same-origin"}).then(function (response) {
    return response.ok ? response.json() : null;
  }).then(function (data) {
    if (!data || !data.nodes.length) { return; }
    var elements = data.nodes.map(function (node) {
      return {data: {id: node.id, label: node.label, kind: node.kind}};
    }).concat(data.edges.map(function (edge, n) {
      return {data: {id: "e" + n, source: edge.source, target: edge.target}};
    }));
    box.removeAttribute("aria-hidden");
    box.classList.add("drawn");
    var graph = window.cytoscape({
      container: box, elements: elements, layout: {name: "cose", animate: false},
      style: [
        {selector: "node", style: {"label": "data(label)", "font-size": 9, "text-wrap": "ellipsis",
                                   "text-max-width": 140, "width": 14, "height": 14}},
        {selector: "node[kind = 'document']", style: {"shape": "round-rectangle", "width": 22, "height": 16}},
        {selector: "edge", style: {"width": 1, "line-color": "#bbb"}}
      ]
    });
    graph.nodes().forEach(function (node) { node.style("background-color", colours[node.data("kind")] || "#555"); });
    graph.on("tap", "node", function (event) {
      var node = event.target;
      window.location.href = (node.data("kind") === "document" ? "/documents/" : "/entities/") + node.id();
    });
  });
}());
