"""Leaflet layers for the map page, written for a small payload and no third-party CDN.

- `TopoChoropleth`: territories as TopoJSON (shared borders sent once), each carrying only its
  code, an escaped label and a class index; the palette is sent once.
- `ActorMarkers`: places as compact rows, clustered (Leaflet.markercluster); the popup is
  assembled in the browser from text escaped on the server (never evaluated).
- `TopoOutline`: an outline overlay (départements, priority zones).
- `Legend`: a Leaflet control with the colour classes, unit, source and vintage.

Every element points its JS/CSS at the copies served by the app (views/carte/assets.py).
Every string coming from data is escaped with components/html_safety.escape_text before it is
put in the page; Jinja's `tojson` filter also escapes `<`, `>` and `&` inside scripts.
"""

from __future__ import annotations

from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.map import Layer
from folium.template import Template

from views.carte.assets import CLUSTER_CSS, CLUSTER_JS, TOPOJSON_JS


class TopoChoropleth(JSCSSMixin, Layer):
    """Polygons from a TopoJSON object; properties: c (code), t (tooltip HTML), k (class, -1 = no data)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function(){
            var topo = {{ this.topology|tojson }};
            var palette = {{ this.palette|tojson }};
            var layer = L.geoJson(topojson.feature(topo, topo.objects.{{ this.object_name }}), {
                style: function(f) {
                    var k = f.properties.k;
                    return {fillColor: k < 0 ? {{ this.no_data|tojson }} : palette[k], fillOpacity: {{ this.opacity }},
                            color: {{ this.line_colour|tojson }}, weight: {{ this.line_weight }}};
                },
                onEachFeature: function(f, l) {
                    l.bindTooltip(f.properties.t, {sticky: true});
                    l.on('mouseover', function() { l.setStyle({weight: 2.5, color: '#222'}); });
                    l.on('mouseout', function() {
                        l.setStyle({weight: {{ this.line_weight }}, color: {{ this.line_colour|tojson }}});
                    });
                }
            });
            layer.addTo({{ this._parent.get_name() }});
            return layer;
        })();
        {% endmacro %}
        """
    )
    default_js = TOPOJSON_JS
    default_css: list = []

    def __init__(
        self,
        topology: dict,
        object_name: str,
        palette,
        name: str,
        no_data="#d9d9d9",
        opacity=0.8,
        line_colour="#ffffff",
        line_weight=0.5,
        show=True,
    ):
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "TopoChoropleth"
        self.topology = topology
        self.object_name = object_name
        self.palette = list(palette)
        self.no_data = no_data
        self.opacity = opacity
        self.line_colour = line_colour
        self.line_weight = line_weight


class TopoOutline(JSCSSMixin, Layer):
    """Outlines only (no fill, not interactive): départements or a priority zone."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function(){
            var topo = {{ this.topology|tojson }};
            var layer = L.geoJson(topojson.feature(topo, topo.objects.{{ this.object_name }}), {
                interactive: {{ this.interactive|tojson }},
                style: function(f) { return {{ this.style|tojson }}; }
                {%- if this.interactive %},
                onEachFeature: function(f, l) { if (f.properties.t) { l.bindTooltip(f.properties.t, {sticky: true}); } }
                {%- endif %}
            });
            {%- if this.show %}
            layer.addTo({{ this._parent.get_name() }});
            {%- endif %}
            return layer;
        })();
        {% endmacro %}
        """
    )
    default_js = TOPOJSON_JS
    default_css: list = []

    def __init__(
        self,
        topology: dict,
        object_name: str,
        name: str,
        style: dict,
        show: bool = True,
        control: bool = True,
        interactive: bool = False,
    ):
        super().__init__(name=name, overlay=True, control=control, show=show)
        self._name = "TopoOutline"
        self.topology = topology
        self.object_name = object_name
        self.style = style
        self.interactive = interactive


class ActorMarkers(JSCSSMixin, Layer):
    """Clustered places. Row: [lat, lon, colour index, name, typology, address, services
    bitmask, programmes bitmask, link to the place's page]; the texts are already escaped;
    labels lists are ours. The link is a path of this server (`/lieu?id=…`, percent-encoded,
    then escaped): it opens the place's page in a new tab and can lead nowhere else."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function(){
            var rows = {{ this.rows|tojson }};
            var colours = {{ this.colours|tojson }};
            var services = {{ this.services|tojson }};
            var programmes = {{ this.programmes|tojson }};
            function names(mask, labels) {
                var out = [];
                for (var i = 0; i < labels.length; i++) { if (mask & (1 << i)) { out.push(labels[i]); } }
                return out.length ? out.join(', ') : 'non renseigné';
            }
            var cluster = L.markerClusterGroup({
                showCoverageOnHover: false, maxClusterRadius: 45, disableClusteringAtZoom: 13,
                iconCreateFunction: function(c) {
                    var n = c.getChildCount();
                    var size = n < 10 ? 28 : n < 100 ? 34 : 40;
                    return L.divIcon({
                        html: '<div><span>' + n + '</span></div>', className: 'marker-cluster hub-cluster',
                        iconSize: L.point(size, size)
                    });
                }});
            for (var i = 0; i < rows.length; i++) {
                var r = rows[i];
                var icon = L.divIcon({className: 'hub-actor', iconSize: [14, 14],
                    html: '<span style="display:block;width:12px;height:12px;border-radius:50%;'
                        + 'border:1px solid #222;background:' + colours[r[2]] + '"></span>'});
                var marker = L.marker([r[0], r[1]], {icon: icon, title: ''});
                marker.bindPopup('<div class="hub-popup"><b>' + r[3] + '</b><br><i>' + r[4] + '</i><br>' + r[5]
                    + '<br><b>Services :</b> ' + names(r[6], services)
                    + '<br><b>Dispositifs :</b> ' + names(r[7], programmes)
                    + (r[8] && r[8].charAt(0) === '/' && r[8].charAt(1) !== '/'
                        ? '<br><a class="hub-place-link" href="' + r[8]
                          + '" target="_blank" rel="noopener">Voir la fiche du lieu</a>' : '')
                    + '</div>', {maxWidth: 320});
                cluster.addLayer(marker);
            }
            cluster.addTo({{ this._parent.get_name() }});
            return cluster;
        })();
        {% endmacro %}
        """
    )
    default_js = CLUSTER_JS
    default_css = CLUSTER_CSS

    def __init__(self, rows: list, colours: list[str], services: list[str], programmes: list[str], name: str):
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = "ActorMarkers"
        self.rows = rows
        self.colours = colours
        self.services = services
        self.programmes = programmes


class MapStyle(MacroElement):
    """CSS for the map's own widgets (the iframe does not get Streamlit's styles), a focus
    that does not scroll the page, and a deferred fit to the territory once the iframe has
    its final size."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function(){
            var css = document.createElement('style');
            css.innerHTML = {{ this.css|tojson }};
            document.head.appendChild(css);
            var map = {{ this._parent.get_name() }};
            var bounds = {{ this.bounds|tojson }};
            // Leaflet focuses the map on mousedown (keyboard navigation) with a plain focus(),
            // which scrolls the page when the map is partly below the fold: the pointer then
            // lands on another territory and the first click is lost. Focus first, without
            // scrolling; Leaflet's own handler then sees the map focused and does nothing.
            var box = map.getContainer();
            box.addEventListener('mousedown', function() {
                if (document.activeElement !== box) { box.focus({preventScroll: true}); }
            }, true);
            function fit() { map.invalidateSize(); map.fitBounds(bounds, {padding: [8, 8]}); }
            fit();
            setTimeout(fit, 250);
            setTimeout(fit, 1000);
        })();
        {% endmacro %}
        """
    )

    CSS = (
        ".leaflet-container{font:12px/1.4 'Source Sans Pro',sans-serif;background:#f4f6f8}"
        ".leaflet-control-layers{font-size:12px}"
        ".hub-cluster{background:rgba(31,95,139,0.35)}"
        ".hub-cluster div{background:rgba(31,95,139,0.9);color:#fff;font-weight:600}"
        ".hub-popup{font-size:12px;line-height:1.4}"
        ".hub-legend{font-size:11px}"
    )

    def __init__(self, bounds):
        super().__init__()
        self._name = "MapStyle"
        self.bounds = bounds
        self.css = self.CSS


class Legend(MacroElement):
    """A legend box in a map corner; `html` must already be safe (built from escaped text)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function(){
            var legend = L.control({position: {{ this.position|tojson }}});
            legend.onAdd = function() {
                var div = L.DomUtil.create('div', 'hub-legend');
                div.style.background = 'rgba(255,255,255,0.92)';
                div.style.padding = '6px 8px';
                div.style.font = '11px/1.3 sans-serif';
                div.style.maxWidth = '230px';
                div.style.boxShadow = '0 0 4px rgba(0,0,0,0.3)';
                div.style.borderRadius = '4px';
                div.innerHTML = {{ this.html|tojson }};
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, html: str, position: str = "bottomright"):
        super().__init__()
        self._name = "Legend"
        self.html = html
        self.position = position
