/**
 * Every staff permission, `area.action`. Roles hold lists of these; each admin route names one.
 * Modules add theirs here so that the role editor can list them all.
 */
export enum Permission {
  StaffRead = 'staff.read',
  StaffManage = 'staff.manage',
  CustomersRead = 'customers.read',
  QueuesManage = 'queues.manage',
  CatalogRead = 'catalog.read',
  CatalogManage = 'catalog.manage',
  InventoryRead = 'inventory.read',
  InventoryManage = 'inventory.manage',
  NotificationsRead = 'notifications.read',
  OrdersRead = 'orders.read',
  OrdersManage = 'orders.manage',
  PaymentsRead = 'payments.read',
  PaymentsRefund = 'payments.refund',
  ShippingRead = 'shipping.read',
  ShippingManage = 'shipping.manage',
}

export const ALL_PERMISSIONS: readonly string[] = Object.values(Permission);
