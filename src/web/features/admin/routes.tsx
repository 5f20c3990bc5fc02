import type { RouteObject } from 'react-router';

/** Pages of this feature, mounted under the main layout by app/router.tsx. */
export const adminRoutes: RouteObject[] = [];
