// Offers the organizations already registered as the partner types a name, so a second
// employee of a company joins it instead of creating a duplicate.
(function () {
  const input = document.querySelector('input[list="organization-suggestions"]');
  const list = document.getElementById("organization-suggestions");
  if (!input || !list) return;
  let timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    const query = input.value.trim();
    if (query.length < 2) return;
    timer = setTimeout(function () {
      fetch(list.dataset.source + "?q=" + encodeURIComponent(query), {
        headers: { Accept: "application/json" },
      })
        .then(function (response) { return response.ok ? response.json() : { names: [] }; })
        .then(function (data) {
          list.replaceChildren();
          data.names.forEach(function (name) {
            const option = document.createElement("option");
            option.value = name;
            list.appendChild(option);
          });
        })
        .catch(function () {});
    }, 200);
  });
})();
