module marquee.dev/sdk-go/smoke

go 1.23.0

require (
	marquee.dev/sdk-go/audience v0.0.0
	marquee.dev/sdk-go/catalog v0.0.0
)

require (
	golang.org/x/oauth2 v0.27.0 // indirect
	gopkg.in/validator.v2 v2.0.1 // indirect
)

// The SDKs are generated into dist/sdk/go (ignored) by `make sdk-partners`.
replace (
	marquee.dev/sdk-go/audience => ../../../../dist/sdk/go/audience
	marquee.dev/sdk-go/catalog => ../../../../dist/sdk/go/catalog
)
