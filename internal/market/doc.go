// Package market holds the plain domain types every alphadesk engine reads:
// securities (the securities master), GICS sectors, daily bars and
// point-in-time fundamental facts.
//
// The types carry no behaviour that does I/O. Importers for real file formats
// live in the importer sub-package; persistence lives in internal/store.
package market
