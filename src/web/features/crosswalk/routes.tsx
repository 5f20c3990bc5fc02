import type { RouteObject } from 'react-router';
import { CrosswalkPage } from './crosswalk-page';

/** Pages of this feature, mounted under the main layout by app/router.tsx. */
export const crosswalkRoutes: RouteObject[] = [{ path: 'correspondances', element: <CrosswalkPage /> }];
