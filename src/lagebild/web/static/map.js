// Draws the bundled world shapes (world-atlas TopoJSON via topojson-client) and the places as circles,
// in an equirectangular projection. Place names go in as SVG <title> text (textContent), never as markup.
"use strict";
(function () {
  var SVG = "http://www.w3.org/2000/svg";
  var W = 960, H = 480;
  function x(lon) { return (lon + 180) / 360 * W; }
  function y(lat) { return (90 - lat) / 180 * H; }
  function ringPath(ring) {
    var d = "", previous = null;
    for (var i = 0; i < ring.length; i++) {
      var lon = ring[i][0], lat = ring[i][1];
      // a jump across the antimeridian starts a new sub-path instead of a line across the map
      var move = previous === null || Math.abs(lon - previous) > 180;
      d += (move ? "M" : "L") + x(lon).toFixed(1) + "," + y(lat).toFixed(1);
      previous = lon;
    }
    return d + "Z";
  }
  function geometryPath(geometry) {
    if (!geometry) return "";
    var polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
    return polygons.map(function (rings) { return rings.map(ringPath).join(""); }).join("");
  }
  function drawLand(svg, world) {
    var group = document.getElementById("map-land");
    var countries = topojson.feature(world, world.objects.countries).features;
    countries.forEach(function (country) {
      var path = document.createElementNS(SVG, "path");
      path.setAttribute("d", geometryPath(country.geometry));
      path.setAttribute("class", "land");
      group.appendChild(path);
    });
  }
  function drawPlaces(places) {
    var group = document.getElementById("map-points");
    var most = places.reduce(function (m, p) { return Math.max(m, p.mentions); }, 1);
    places.forEach(function (place) {
      if (typeof place.lat !== "number" || typeof place.lon !== "number") return;
      var circle = document.createElementNS(SVG, "circle");
      circle.setAttribute("cx", x(place.lon).toFixed(1));
      circle.setAttribute("cy", y(place.lat).toFixed(1));
      circle.setAttribute("r", (3 + 9 * Math.sqrt(place.mentions / most)).toFixed(1));
      circle.setAttribute("class", "point");
      circle.setAttribute("tabindex", "0");
      var tip = place.name + " (" + (place.country_code || "?") + "): " + place.mentions + " Erwähnungen";
      circle.setAttribute("data-tip", tip);
      var title = document.createElementNS(SVG, "title");
      title.textContent = tip;
      circle.appendChild(title);
      group.appendChild(circle);
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var svg = document.getElementById("map");
    if (!svg || typeof topojson === "undefined") return;
    fetch(svg.getAttribute("data-world-src")).then(function (r) { return r.json(); }).then(function (world) {
      drawLand(svg, world);
      return fetch(svg.getAttribute("data-places-src"));
    }).then(function (r) { return r.json(); }).then(function (data) {
      drawPlaces(data.places || []);
      svg.setAttribute("data-ready", "true");
    }).catch(function () { svg.setAttribute("data-ready", "error"); });
  });
})();
