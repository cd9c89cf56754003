// `import 'keyward/forms.css'` type-checks in projects that declare no `*.css` modules (TS2882): the
// stylesheet exports nothing; a bundler adds it to the page.
export {}
