package sqlite

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// TestSQLOnlyWithParameters backs docs/security.md's SQL item. It reads
// the non-test Go sources of internal/store/... and internal/ingest and
// finds every call that runs SQL text (Exec, Query, QueryRow, Prepare and
// their Context forms, on anything but a prepared statement). The SQL text
// must be built from string literals and constants only, joined with +,
// possibly through local variables assigned only such values; values go
// through ? or $n placeholders. A call whose SQL text is built any other
// way (a parameter, a function result, fmt.Sprintf, strings.Builder) must
// be listed in sqlReviewed with the reason it cannot carry input into the
// SQL text; a new one fails the test until it is reviewed, and an entry
// that no longer matches anything fails it too, so the list stays true.
// Separately, any fmt.Sprintf, Fprintf or Appendf whose format looks like
// SQL and formats with a verb other than %d must be reviewed the same way.
func TestSQLOnlyWithParameters(t *testing.T) {
	var dirs []string
	for _, root := range []string{filepath.Join("..", "..", "store"), filepath.Join("..", "..", "ingest")} {
		err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && d.Name() == "testdata" {
				return filepath.SkipDir
			}
			if d.IsDir() {
				dirs = append(dirs, path)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	shared := exportedConsts(t, dirs)
	var found []sqlSite
	calls := 0
	for _, dir := range dirs {
		sites, n := scanSQLPackage(t, dir, shared)
		found = append(found, sites...)
		calls += n
	}
	if calls < 50 {
		t.Fatalf("found %d SQL calls, want the store's and the pipeline's (more than 50): the scanner is broken", calls)
	}
	seen := map[string]bool{}
	for _, s := range found {
		seen[s.key] = true
		if _, ok := sqlReviewed[s.key]; !ok {
			t.Errorf("%s: %s is not built from literals and constants only. Bind values with placeholders; if the dynamic part "+
				"can only come from the code (column lists, placeholders, literal conditions), add %q to sqlReviewed with the reason.",
				s.pos, s.what, s.key)
		}
	}
	for key := range sqlReviewed {
		if !seen[key] {
			t.Errorf("sqlReviewed lists %q, which no longer builds SQL dynamically: remove it", key)
		}
	}
}

// sqlReviewed are the reviewed functions that assemble SQL text at run
// time, keyed by "directory/file.go:function" (directories under
// internal/), each with the reason no outside value can reach the SQL
// text: every piece is a literal written in the code, a constant, or a
// run of "?" placeholders whose count is the only thing that varies.
var sqlReviewed = map[string]string{
	// internal/store/sqlite
	"store/sqlmigrate/sqlmigrate.go:step":        "runs the embedded migration files of each backend's migrations/, part of the binary",
	"store/sqlmigrate/sqlmigrate.go:tableExists": "runs the dialect's TableExists, a constant query of each backend's migrate.go",
	// internal/store/sqlmarket, over both backends: sqlrow.Params.Add binds
	// a value and returns only its $n; Dialect fields are SQL text and
	// functions written in the backends' code (sqlite/market.go,
	// postgres/market.go).
	"store/sqlmarket/import.go:ExecContext":         "runs the statements of Tx's callers: constants here and the dialects' constant upserts",
	"store/sqlmarket/import.go:Stmt":                "prepares the statements of Tx's callers: constants here and sqlite's multiInsert, constant text around rows of ? placeholders",
	"store/sqlmarket/panel.go:query":                "runs EachBar's and EachFact's queries: literals, the dialect's SymbolIn (placeholders from sqlrow.Params) and p.Add placeholders",
	"store/sqlmarket/prices.go:Imports":             "the dialect's Limit: two integers formatted with %d (sqlite) or sqlrow.Params placeholders (postgres)",
	"store/sqlmarket/prices.go:Quotes":              "the dialect's constant LatestBarJoin; filterSQL adds literal conditions, the dialect's ILike operator and LikeEscape clause and sqlrow.Params placeholders; limitSQL the dialect's Limit (integers with %d, or placeholders)",
	"store/sqlmarket/securities.go:Securities":      "filterSQL adds literal conditions, the dialect's ILike operator and LikeEscape clause and sqlrow.Params placeholders; limitSQL the dialect's Limit (integers with %d, or placeholders)",
	"store/sqlmarket/securities.go:CountSecurities": "filterSQL adds literal conditions, the dialect's ILike operator and LikeEscape clause and sqlrow.Params placeholders",
	// internal/store/transfer, sqlnewsroom, postgres: sqlrow.Params.Add binds a value and returns only its $n.
	"store/transfer/transfer.go:checkJobs":         "sqlrow.AddList: one $n per job state, the states bound",
	"store/transfer/transfer.go:copyTable":         "table and column names read from the migrated schemas, quoted by ident; rows of $n placeholders",
	"store/transfer/transfer.go:eachRow":           "table and column names read from the migrated schemas, quoted by ident",
	"store/transfer/transfer.go:lockAndCheckEmpty": "table names read from the migrated schemas, quoted by ident; the seeded-row conditions are literals in this file",
	"store/transfer/transfer.go:resetIdentities":   "table and column names read from the migrated schemas, quoted by ident; values bound",
	"store/sqlnewsroom/newsroom.go:storyWhere":     "where is a literal condition with $n written by its callers in this file",
	"store/sqlnewsroom/newsroom.go:versionWhere":   "where is a literal condition with $n written by its callers in this file",
	"store/sqlnewsroom/newsroom.go:Stories":        "joins literal conditions whose values go through sqlrow.Params, ASC/DESC and </> chosen by a bool; the tag query's IN list is sqlrow.AddList's",
	"store/sqlnewsroom/newsroom.go:Corrections":    "joins literal conditions whose values go through sqlrow.Params",
	"store/sqlnewsroom/fortest.go:ExecForTest":     "test hook: runs the SQL a store's own test passes, never input",
	"store/postgres/watch.go:watchOnce":            "LISTEN on the DataChannel constant; identifiers cannot be bound as parameters",
	"store/pgtest/pgtest.go:DSN":                   "test helper: CREATE/DROP DATABASE of a random hex name, quoted with pgx.Identifier (a name cannot be a parameter)",
	// internal/ingest
	"ingest/pipeline.go:RescueOrphans": "sqlrow.AddList: one $n per orphaned job ID, the IDs bound",
	"ingest/run.go:decideStage":        "sqlrow.AddList: one $n per item ID, the IDs bound",
	"ingest/store.go:items":            "sqlrow.AddList: one $n per item ID, the IDs bound",
	"ingest/store.go:advance":          "column names are the keys of the set maps, string literals in run.go; values are bound",
}

type sqlSite struct {
	key  string // directory/file.go:function
	pos  string
	what string
}

var sqlSinks = map[string]int{ // method name → index of the SQL text argument
	"Exec": 0, "ExecContext": 1, "Query": 0, "QueryContext": 1, "QueryRow": 0, "QueryRowContext": 1,
	"Prepare": 0, "PrepareContext": 1,
}

// sqlLike is a format string that builds SQL.
var sqlLike = regexp.MustCompile(`(?i)\b(select|insert|update|delete|where|values|limit|offset|order by|set)\b|\?|\$[0-9]`)

// fmtVerb matches a formatting verb with its flags.
var fmtVerb = regexp.MustCompile(`%[-+# 0-9.*\[\]]*[a-zA-Z%]`)

// parseDir parses one directory's non-test Go files.
func parseDir(t *testing.T, fset *token.FileSet, dir string) []*ast.File {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var files []*ast.File
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	return files
}

// exportedConsts returns the exported package-level constants of the
// scanned directories as "pkg.Name" (sqlrow.SecurityColumns), so that one
// package's SQL may use another's constant column lists.
func exportedConsts(t *testing.T, dirs []string) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	fset := token.NewFileSet()
	for _, dir := range dirs {
		for _, f := range parseDir(t, fset, dir) {
			for _, decl := range f.Decls {
				if d, ok := decl.(*ast.GenDecl); ok && d.Tok == token.CONST {
					for _, spec := range d.Specs {
						for _, n := range spec.(*ast.ValueSpec).Names {
							if n.IsExported() {
								out[f.Name.Name+"."+n.Name] = true
							}
						}
					}
				}
			}
		}
	}
	return out
}

// scanSQLPackage reports the dynamic SQL sites of one directory's
// non-test Go files, and how many SQL calls it saw. shared holds other
// packages' constants (see exportedConsts).
func scanSQLPackage(t *testing.T, dir string, shared map[string]bool) ([]sqlSite, int) {
	t.Helper()
	fset := token.NewFileSet()
	files := parseDir(t, fset, dir)
	consts := map[string]bool{}  // package-level constants
	stmtFns := map[string]bool{} // functions and methods returning *sql.Stmt
	stmtFields := map[string]bool{}
	for _, f := range files {
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					switch s := spec.(type) {
					case *ast.ValueSpec:
						if d.Tok == token.CONST {
							for _, n := range s.Names {
								consts[n.Name] = true
							}
						}
					case *ast.TypeSpec:
						if st, ok := s.Type.(*ast.StructType); ok {
							for _, fld := range st.Fields.List {
								if isStmtType(fld.Type) {
									for _, n := range fld.Names {
										stmtFields[n.Name] = true
									}
								}
							}
						}
					}
				}
			case *ast.FuncDecl:
				if d.Type.Results != nil {
					for _, r := range d.Type.Results.List {
						if isStmtType(r.Type) {
							stmtFns[d.Name.Name] = true
						}
					}
				}
			}
		}
	}
	var (
		sites []sqlSite
		calls int
	)
	rel := filepath.ToSlash(strings.TrimPrefix(dir, filepath.Join("..", "..")+string(filepath.Separator)))
	for _, f := range files {
		file := rel + "/" + filepath.Base(fset.Position(f.Pos()).Filename)
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			sc := &sqlScope{consts: consts, shared: shared, body: fn.Body, stmtFns: stmtFns, stmtFields: stmtFields}
			add := func(n ast.Node, what string) {
				sites = append(sites, sqlSite{key: file + ":" + fn.Name.Name, pos: fset.Position(n.Pos()).String(), what: what})
			}
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				sel, ok := call.Fun.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				if i, ok := sqlSinks[sel.Sel.Name]; ok && len(call.Args) > i && !sc.isStmt(sel.X) {
					calls++
					if !sc.constant(call.Args[i], 0) {
						add(call, sel.Sel.Name+"("+exprString(fset, call.Args[i])+")")
					}
				}
				if x, ok := sel.X.(*ast.Ident); ok && x.Name == "fmt" {
					idx := map[string]int{"Sprintf": 0, "Fprintf": 1, "Appendf": 1}
					if i, ok := idx[sel.Sel.Name]; ok && len(call.Args) > i {
						if lit, ok := call.Args[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
							format, _ := strconv.Unquote(lit.Value)
							if sqlLike.MatchString(format) && hasNonIntVerb(format) {
								add(call, "fmt."+sel.Sel.Name+"("+lit.Value+")")
							}
						}
					}
				}
				return true
			})
		}
	}
	sort.Slice(sites, func(i, j int) bool { return sites[i].key < sites[j].key })
	return sites, calls
}

func hasNonIntVerb(format string) bool {
	for _, v := range fmtVerb.FindAllString(format, -1) {
		if !strings.HasSuffix(v, "d") && v != "%%" {
			return true
		}
	}
	return false
}

// isStmtType reports whether e is *sql.Stmt.
func isStmtType(e ast.Expr) bool {
	star, ok := e.(*ast.StarExpr)
	if !ok {
		return false
	}
	sel, ok := star.X.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	pkg, ok := sel.X.(*ast.Ident)
	return ok && pkg.Name == "sql" && sel.Sel.Name == "Stmt"
}

func exprString(fset *token.FileSet, e ast.Expr) string {
	p := fset.Position(e.Pos())
	end := fset.Position(e.End())
	src, err := os.ReadFile(p.Filename)
	if err != nil || end.Offset > len(src) {
		return "…"
	}
	s := strings.Join(strings.Fields(string(src[p.Offset:end.Offset])), " ")
	if len(s) > 60 {
		s = s[:60] + "…"
	}
	return s
}

// sqlScope judges expressions inside one function body.
type sqlScope struct {
	consts     map[string]bool
	shared     map[string]bool // other packages' constants, "pkg.Name"
	body       *ast.BlockStmt
	stmtFns    map[string]bool
	stmtFields map[string]bool
}

// constant reports whether e is built only from string literals,
// constants, and local variables only ever assigned such values.
func (s *sqlScope) constant(e ast.Expr, depth int) bool {
	if depth > 8 {
		return false
	}
	switch e := e.(type) {
	case *ast.BasicLit:
		return e.Kind == token.STRING
	case *ast.ParenExpr:
		return s.constant(e.X, depth+1)
	case *ast.SelectorExpr:
		pkg, ok := e.X.(*ast.Ident)
		return ok && s.shared[pkg.Name+"."+e.Sel.Name]
	case *ast.BinaryExpr:
		return e.Op == token.ADD && s.constant(e.X, depth+1) && s.constant(e.Y, depth+1)
	case *ast.Ident:
		if s.consts[e.Name] {
			return true
		}
		values, ok := s.assignments(e.Name)
		if !ok || len(values) == 0 {
			return false
		}
		for _, v := range values {
			if !s.constant(v, depth+1) {
				return false
			}
		}
		return true
	}
	return false
}

// assignments returns every value the function assigns to the local name
// (= := += and var), or false when one cannot be read (a multi-value
// assignment from a call, or the name is a parameter).
func (s *sqlScope) assignments(name string) ([]ast.Expr, bool) {
	var (
		values []ast.Expr
		ok     = true
	)
	ast.Inspect(s.body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				if id, isID := lhs.(*ast.Ident); isID && id.Name == name {
					if len(n.Rhs) != len(n.Lhs) {
						ok = false
						continue
					}
					values = append(values, n.Rhs[i])
				}
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				if id.Name == name && i < len(n.Values) {
					values = append(values, n.Values[i])
				}
			}
		}
		return true
	})
	return values, ok
}

// isStmt reports whether the receiver x is a prepared statement: a field
// of type *sql.Stmt, or a local variable assigned from Prepare, Stmt or a
// package function returning *sql.Stmt. Its arguments are values, not SQL.
func (s *sqlScope) isStmt(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.SelectorExpr:
		return s.stmtFields[x.Sel.Name]
	case *ast.Ident:
		found := false
		ast.Inspect(s.body, func(n ast.Node) bool {
			as, ok := n.(*ast.AssignStmt)
			if !ok || len(as.Rhs) != 1 {
				return true
			}
			call, ok := as.Rhs[0].(*ast.CallExpr)
			if !ok {
				return true
			}
			var fname string
			switch f := call.Fun.(type) {
			case *ast.SelectorExpr:
				fname = f.Sel.Name
			case *ast.Ident:
				fname = f.Name
			}
			if !(fname == "Prepare" || fname == "PrepareContext" || fname == "Stmt" || fname == "StmtContext" || s.stmtFns[fname]) {
				return true
			}
			for _, lhs := range as.Lhs {
				if id, ok := lhs.(*ast.Ident); ok && id.Name == x.Name {
					found = true
				}
			}
			return true
		})
		return found
	}
	return false
}

// TestSQLScanner checks the scanner itself on small sources: the unsafe
// forms are found, the safe ones are not.
func TestSQLScanner(t *testing.T) {
	tests := []struct {
		name string
		body string
		want int // dynamic sites found
	}{
		{"literal", "db.QueryContext(ctx, `SELECT 1 FROM t WHERE a = ?`, a)", 0},
		{"constants", "db.QueryContext(ctx, `SELECT `+cols+` FROM t WHERE a = ?`, a)", 0},
		{"other package's constant", "db.QueryContext(ctx, `SELECT `+rows.Columns+` FROM t WHERE a = ?`, a)", 0},
		{"other package's variable", "db.QueryContext(ctx, `SELECT `+rows.Filter+` FROM t`)", 1},
		{"local-literal", "q := `SELECT 1`\n\tif a != \"\" { q += ` WHERE a = ?` }\n\tdb.QueryContext(ctx, q, a)", 0},
		{"statement", "st, _ := db.PrepareContext(ctx, `INSERT INTO t VALUES (?)`)\n\tst.ExecContext(ctx, a)", 0},
		{"concatenated-input", "db.QueryContext(ctx, `SELECT 1 FROM t WHERE a = '`+a+`'`)", 1},
		{"sprintf", "db.ExecContext(ctx, fmt.Sprintf(`DELETE FROM t WHERE a = '%s'`, a))", 2},
		{"sprintf-int", "_ = fmt.Sprintf(` LIMIT %d`, 3)", 0},
		{"local-from-input", "q := `SELECT 1`\n\tq += ` WHERE a = ` + a\n\tdb.QueryRow(q)", 1},
		{"builder", "var b strings.Builder\n\tfmt.Fprintf(&b, `UPDATE t SET %s = ?`, a)\n\tdb.Exec(b.String(), 1)", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			src := "package x\n\nconst cols = `a, b`\n\nfunc f(ctx context.Context, db *sql.DB, a string) {\n\t" + tt.body + "\n}\n"
			if err := os.WriteFile(filepath.Join(dir, "x.go"), []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			sites, calls := scanSQLPackage(t, dir, map[string]bool{"rows.Columns": true})
			if len(sites) != tt.want {
				t.Errorf("found %d dynamic sites %v in\n%s\nwant %d", len(sites), sites, tt.body, tt.want)
			}
			if calls == 0 && tt.name != "sprintf-int" {
				t.Errorf("saw no SQL call in\n%s", tt.body)
			}
		})
	}
}
