import { lazy } from 'react';
import { createBrowserRouter } from 'react-router';
import { accountRoutes } from '../features/account/routes';
import { adminRoutes } from '../features/admin/routes';
import { crosswalkRoutes } from '../features/crosswalk/routes';
import { FinderPage } from '../features/finder/finder-page';
import { AddressTesterPage } from '../features/territories/address-tester-page';
import { TerritoriesPage } from '../features/territories/territories-page';
import { Layout } from './layout';
import { NotFoundPage } from './not-found-page';
import { RouteError } from './route-error';

// MapLibre weighs ~1 MB: only the map page loads it.
const MapPage = lazy(() => import('../features/map/map-page'));

export const router = createBrowserRouter([
  {
    element: <Layout />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <FinderPage /> },
      { path: 'carte', element: <MapPage /> },
      { path: 'territoires', element: <TerritoriesPage /> },
      { path: 'admin/tester', element: <AddressTesterPage /> },
      ...accountRoutes,
      ...adminRoutes,
      ...crosswalkRoutes,
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
