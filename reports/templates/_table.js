(function () {
  "use strict";
  var table = document.getElementById("centres");
  var controls = document.getElementById("controls");
  if (!table || !controls || !table.tBodies.length) { return; }
  controls.hidden = false;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var search = document.getElementById("f-search");
  var shown = document.getElementById("shown");
  var filters = Array.prototype.slice.call(controls.querySelectorAll("select[data-filter]"));

  function norm(text) { return (text || "").toLowerCase().replace(/ё/g, "е"); }
  rows.forEach(function (row, i) {
    row.setAttribute("data-index", String(i));
    row.searchText = norm(row.getAttribute("data-search"));
  });

  function apply() {
    var terms = norm(search.value).split(/\s+/).filter(Boolean);
    var count = 0;
    rows.forEach(function (row) {
      var visible = filters.every(function (select) {
        return !select.value || row.getAttribute("data-" + select.getAttribute("data-filter")) === select.value;
      }) && terms.every(function (term) { return row.searchText.indexOf(term) !== -1; });
      row.hidden = !visible;
      if (visible) { count += 1; }
    });
    shown.textContent = "Показано: " + count + " из " + rows.length;
  }

  function key(row, column, type) {
    var cell = row.cells[column];
    var raw = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
    if (type === "num") {
      var value = parseFloat(raw);
      return isNaN(value) ? null : value;
    }
    return raw === "" ? null : raw;
  }

  function sortBy(th, column) {
    var type = th.getAttribute("data-type") || "text";
    var descending = th.getAttribute("aria-sort") === "ascending";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) { cell.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", descending ? "descending" : "ascending");
    var sign = descending ? -1 : 1;
    var keyed = rows.map(function (row) { return [key(row, column, type), Number(row.getAttribute("data-index")), row]; });
    keyed.sort(function (a, b) {
      if (a[0] === null && b[0] === null) { return a[1] - b[1]; }
      if (a[0] === null) { return 1; }  /* empty values always last */
      if (b[0] === null) { return -1; }
      var order = type === "num" ? a[0] - b[0] : String(a[0]).localeCompare(String(b[0]), "ru");
      return order !== 0 ? sign * order : a[1] - b[1];
    });
    var fragment = document.createDocumentFragment();
    keyed.forEach(function (item) { fragment.appendChild(item[2]); });
    body.appendChild(fragment);
  }

  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, column) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "sort";
    button.title = "Упорядочить по этому столбцу";
    while (th.firstChild) { button.appendChild(th.firstChild); }
    th.appendChild(button);
    button.addEventListener("click", function () { sortBy(th, column); });
  });
  search.addEventListener("input", apply);
  filters.forEach(function (select) { select.addEventListener("change", apply); });
  document.getElementById("f-reset").addEventListener("click", function () {
    search.value = "";
    filters.forEach(function (select) { select.value = ""; });
    apply();
  });
  apply();
}());
