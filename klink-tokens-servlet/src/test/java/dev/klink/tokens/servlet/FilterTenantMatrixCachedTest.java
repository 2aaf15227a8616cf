package dev.klink.tokens.servlet;

/**
 * {@link FilterTenantMatrixTest} with a verification cache in front of the store: a token cached for its own tenant
 * is still refused in another exactly as an unknown one, since the cache holds rows, not verdicts.
 */
class FilterTenantMatrixCachedTest extends FilterTenantMatrixTest {

    @Override
    StoreFront storeFront() {
        return StoreFront.CACHED;
    }
}
