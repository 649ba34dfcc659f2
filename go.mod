module alphadesk

go 1.26
